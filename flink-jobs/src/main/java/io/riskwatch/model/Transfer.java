package io.riskwatch.model;

import java.math.BigDecimal;

/** 银证转账: money moved between the client's bank and brokerage account. */
public record Transfer(
        String clientId,
        Direction direction,
        BigDecimal amount,
        String accountId,
        String channel,
        String bankAccount) {}

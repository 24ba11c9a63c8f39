package io.riskwatch.model;

/** 撤单: the client cancels an order (whether or not the order itself was seen). */
public record Cancel(String clientId, String orderId) {}

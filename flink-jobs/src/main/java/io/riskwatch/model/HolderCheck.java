package io.riskwatch.model;

import java.math.BigDecimal;

/**
 * The payload of an internal {@link EventType#HOLDER_CHECK}: symbol {@code symbol} reached a turning point at
 * quote {@code quoteEventId}; client {@code clientId} held it then, so its share of total assets is checked.
 *
 * @param direction {@code DOWN} or {@code UP}
 * @param extremePrice the trailing window's highest (DOWN) or lowest (UP) quote price
 * @param extremeEventId that quote's eventId; {@code extremeTs} its ts
 */
public record HolderCheck(
        String clientId,
        String symbol,
        String direction,
        BigDecimal price,
        String quoteEventId,
        BigDecimal extremePrice,
        String extremeEventId,
        long extremeTs) {}

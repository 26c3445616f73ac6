package dev.lodestone.shopper;

import java.time.Instant;

/** A request to forget one shopper, carried on {@code shopper-forget} keyed by shopper key. */
public record ForgetRequest(String shopperKey, Instant requestedAt) {}

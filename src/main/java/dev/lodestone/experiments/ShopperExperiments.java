package dev.lodestone.experiments;

import java.util.Map;

/** One shopper's exposures, by experiment id: the value of the per-shopper store of the topology. */
public record ShopperExperiments(Map<String, ShopperExposure> byExperiment) {}

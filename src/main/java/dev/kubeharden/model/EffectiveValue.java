package dev.kubeharden.model;

/**
 * One KubeletConfiguration leaf as the kubelet runs with it: the typed value, where it came from
 * and, for files and flags, the position that set it (a whole-source position for defaults).
 */
public record EffectiveValue(String path, Object value, ValueSource source, Position position) {}

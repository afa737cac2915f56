package dev.kubeharden.inspect;

import dev.kubeharden.model.Position;

/**
 * One kubelet flag as passed: name without dashes, its value ("true" for a bare boolean), and
 * positions.
 */
public record Flag(String name, String value, Position position, Position valuePosition) {}

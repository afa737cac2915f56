package dev.kubeharden.model;

/**
 * A profile variable: a named, typed value with a default that profiles, inventories or --var can
 * change.
 */
public record Variable(
    String name, String type, Node defaultValue, String description, Position position) {}

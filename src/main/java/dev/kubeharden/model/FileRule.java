package dev.kubeharden.model;

/**
 * A node file whose mode and ownership a control requires (rendered as a systemd-tmpfiles "z"
 * line).
 */
public record FileRule(String path, String mode, String owner, String group, Position position) {}

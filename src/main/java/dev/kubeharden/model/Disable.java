package dev.kubeharden.model;

/** A control switched off by a profile (tailoring), with the reason recorded in the report. */
public record Disable(String controlId, String reason, String profile, Position position) {}

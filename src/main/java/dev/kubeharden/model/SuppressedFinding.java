package dev.kubeharden.model;

/**
 * A finding of a control an exception switched off, for one of the finding's controls: reported as
 * suppressed (with the exception's reason), never as drift.
 */
public record SuppressedFinding(String controlId, Finding finding, Disable exception) {}

package dev.kubeharden.model;

import java.util.List;

/**
 * A final KubeletConfiguration leaf: its value, who set it last, and the controls that require it.
 */
public record ResolvedSetting(String path, Object value, Origin origin, List<String> controls) {}

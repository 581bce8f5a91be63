/**
 * The spec file: YAML read with SnakeYAML's node tree ({@code YamlSource}, {@code MapReader}) into
 * a {@code model.DesiredState}, every problem a diagnostic at {@code file:line:col}; {@code
 * BORGFORM_*} interpolation (default-deny, {@code Interpolator}); {@code requiredVersion}; and
 * {@code SpecWriter} for {@code export}. YAML is read and written only here.
 */
package dev.borgform.spec;

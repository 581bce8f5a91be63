/**
 * The composition root: {@code Main} turns the process (arguments, environment, standard streams,
 * the terminal, {@code System.exit}) into one call of {@code Main.run}, and {@code
 * SignalInterrupts} turns Ctrl-C into the {@code cli.Interrupts} apply uses to let the request in
 * flight finish. Nothing else lives here, so every behaviour is reachable in-process through {@code
 * Main.run}.
 */
package dev.borgform;

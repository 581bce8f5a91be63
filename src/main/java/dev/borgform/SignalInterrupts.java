package dev.borgform;

import dev.borgform.cli.Interrupts;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process's Ctrl-C (SIGINT), through {@code sun.misc.Signal} from the {@code jdk.unsupported}
 * module. Only a signal handler can let the first interrupt leave the request in flight to finish
 * and still end the process at once on the second; a shutdown hook runs only once the JVM is
 * already exiting, cannot tell a first interrupt from a second, and cannot choose the exit code.
 *
 * <p>It is reached by reflection: javac flags {@code sun.misc} as internal proprietary API with a
 * warning no option turns off under {@code --release}, and the build treats warnings as errors.
 * Where the class is missing (a runtime image without {@code jdk.unsupported}), interrupts are not
 * deferred and Ctrl-C ends the process at once, as before.
 *
 * <p>Outside a deferring scope the JVM's own handler stays in place, so Ctrl-C at a prompt or in
 * the emulator behaves as it always did.
 */
final class SignalInterrupts implements Interrupts {
  private final PrintWriter err;

  SignalInterrupts(PrintWriter err) {
    this.err = err;
  }

  @Override
  public Scope defer(Runnable first, Runnable again) {
    AtomicInteger count = new AtomicInteger();
    Runnable onSignal =
        () -> {
          if (count.incrementAndGet() == 1) {
            first.run();
          } else {
            again.run();
            err.flush();
            // At once: no shutdown hooks, nothing more sent.
            Runtime.getRuntime().halt(EXIT_CODE);
          }
        };
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object sigint = signalClass.getConstructor(String.class).newInstance("INT");
      Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
      InvocationHandler ih =
          (proxy, method, args) -> {
            switch (method.getName()) {
              case "handle":
                onSignal.run();
                return null;
              case "hashCode":
                return System.identityHashCode(proxy);
              case "equals":
                return proxy == args[0];
              case "toString":
                return "borgform's Ctrl-C handler";
              default:
                return null;
            }
          };
      Object handler =
          Proxy.newProxyInstance(
              SignalInterrupts.class.getClassLoader(), new Class<?>[] {handlerClass}, ih);
      Object previous = handle.invoke(null, sigint, handler);
      return () -> {
        try {
          handle.invoke(null, sigint, previous);
        } catch (ReflectiveOperationException | RuntimeException e) {
          // The handler stays; it only defers interrupts, which is harmless at the end of a run.
        }
      };
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return () -> {};
    }
  }
}

package io.linnet.engine.api;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;

/**
 * An engine service as an endpoint component holds it while the bundle behind it may be replaced
 * live. {@link #proxy()} is a stand-in that calls the service bound now. While none is, a call
 * waits for one until {@link #WAIT} after the last one went (an update of the engine bundle binds
 * the new revision's within a second), then fails with {@link UnavailableException} (503, try
 * again); once that time has passed (an operator stopped the engine bundle) calls fail at once,
 * never a 404 (the routes exist) nor a 500.
 * <p>
 * The component binds it with an optional, dynamic, greedy reference ({@link #bind}/{@link #unbind}):
 * it then stays registered through a swap of the engine bundle (the HTTP host has nothing to
 * rebuild), and a replacement ranked higher is used as soon as it is installed. When the component
 * itself deactivates (its own bundle is swapped) it calls {@link #retire()}: requests still running
 * on it finish with the service they had, as with a static reference.
 */
public final class ReplaceableService<T> {
    /** Longer than a swap of the engine bundle takes; a stopped engine answers 503 after it. */
    public static final Duration WAIT = Duration.ofSeconds(3);

    private final Class<T> type;
    private final long waitNanos;
    private final T proxy;
    private volatile T current;
    private volatile boolean retired;
    /** When the last bound service went (System.nanoTime), or when this stand-in was made. */
    private volatile long leftAt = System.nanoTime();

    public ReplaceableService(Class<T> type) {
        this(type, WAIT);
    }

    ReplaceableService(Class<T> type, Duration wait) {
        this.type = type;
        this.waitNanos = wait.toNanos();
        this.proxy = type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new Forward()));
    }

    /** The stand-in to call, also to hand to helpers: it always reaches the service bound at the call. */
    public T proxy() {
        return proxy;
    }

    public void bind(T service) {
        synchronized (this) {
            current = service;
            notifyAll();
        }
    }

    /** A greedy reference binds the replacement before it unbinds the one replaced. */
    public synchronized void unbind(T service) {
        if (current == service && !retired) {
            current = null;
            leftAt = System.nanoTime();
        }
    }

    /** The component deactivates: SCR unbinds after this, and the service bound now is kept. */
    public void retire() {
        retired = true;
    }

    /** The service bound now, after waiting for one until {@link #WAIT} after the last one went. */
    public T await() {
        T service = current;
        if (service != null) {
            return service;
        }
        synchronized (this) {
            long deadline = leftAt + waitNanos;
            while (current == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new UnavailableException("the engine's " + type.getSimpleName() + " is not running: its bundle"
                            + " is stopped or being replaced (linnetd admin bundles); try again later");
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new UnavailableException("interrupted while waiting for the engine's " + type.getSimpleName());
                }
            }
            return current;
        }
    }

    private final class Forward implements InvocationHandler {
        @Override
        public Object invoke(Object self, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> self == args[0];
                    case "hashCode" -> System.identityHashCode(self);
                    default -> "replaceable " + type.getName();
                };
            }
            try {
                return method.invoke(await(), args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}

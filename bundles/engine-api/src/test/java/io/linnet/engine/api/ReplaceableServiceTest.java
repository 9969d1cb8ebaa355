package io.linnet.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReplaceableServiceTest {
    /** An engine interface as the endpoints call them. */
    public interface Greeter {
        String greet(String name);
    }

    @Test
    void callsReachTheServiceBoundAtTheCallAndItsExceptionsPassUnchanged() {
        ReplaceableService<Greeter> slot = new ReplaceableService<>(Greeter.class);
        Greeter greeter = slot.proxy();
        Greeter old = name -> "old " + name;
        slot.bind(old);
        assertEquals("old a", greeter.greet("a"));
        // greedy: the higher-ranked replacement is bound before the old one is unbound
        slot.bind(name -> {
            throw new NotFoundException("No such name: " + name);
        });
        slot.unbind(old);
        NotFoundException e = assertThrows(NotFoundException.class, () -> greeter.greet("b"));
        assertEquals("No such name: b", e.getMessage());
    }

    @Test
    void aCallWhileNoneIsBoundWaitsForTheNextOne() throws Exception {
        ReplaceableService<Greeter> slot = new ReplaceableService<>(Greeter.class);
        Greeter old = name -> "old " + name;
        slot.bind(old);
        slot.unbind(old); // the engine bundle is being updated
        CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> slot.proxy().greet("c"));
        Thread.sleep(100);
        slot.bind(name -> "new " + name);
        assertEquals("new c", call.get(2, TimeUnit.SECONDS));
    }

    @Test
    void aRetiredComponentKeepsTheServiceItHadForItsLastRequests() {
        ReplaceableService<Greeter> slot = new ReplaceableService<>(Greeter.class);
        Greeter live = name -> "live " + name;
        slot.bind(live);
        slot.retire(); // deactivate, then SCR unbinds
        slot.unbind(live);
        assertEquals("live e", slot.proxy().greet("e"));
    }

    @Test
    void anEngineGoneLongerThanTheWaitIsUnavailableAtOnce() throws Exception {
        ReplaceableService<Greeter> slot = new ReplaceableService<>(Greeter.class, Duration.ofMillis(300));
        Greeter old = name -> "old " + name;
        slot.bind(old);
        slot.unbind(old); // an operator stopped the engine bundle
        long start = System.nanoTime();
        assertThrows(UnavailableException.class, () -> slot.proxy().greet("f"));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= 290, "the first call waited for a replacement");
        start = System.nanoTime();
        UnavailableException e = assertThrows(UnavailableException.class, () -> slot.proxy().greet("g"));
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(waitedMs < 100, "a call after the wait fails at once, waited " + waitedMs + " ms");
        assertTrue(e.getMessage().contains("stopped or being replaced"), e.getMessage());
        slot.bind(name -> "back " + name); // started again
        assertEquals("back h", slot.proxy().greet("h"));
        slot.unbind(old); // not the bound one: nothing changes
        assertEquals("back i", slot.proxy().greet("i"));
    }

    @Test
    void aCallWithNoServiceForTheWholeWaitIsUnavailable() {
        ReplaceableService<Greeter> slot = new ReplaceableService<>(Greeter.class);
        long start = System.nanoTime();
        UnavailableException e = assertThrows(UnavailableException.class, () -> slot.proxy().greet("d"));
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(waitedMs >= ReplaceableService.WAIT.toMillis() - 10, "waited " + waitedMs + " ms");
        assertTrue(e.getMessage().contains("Greeter"), e.getMessage());
    }
}

package io.linnet.containerd.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.linnet.engine.api.UnavailableException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ContainerHandleTest {
    @Test
    void waitsPendingWhenTheEngineStopsEndWithItsCauseAndLaterWaitsStartAfresh() {
        ContainerHandle handle = new ContainerHandle("c1");
        CompletableFuture<Integer> exit = handle.nextExit();
        CompletableFuture<Integer> removed = handle.removed();

        handle.abandonWaits(new UnavailableException("the engine stopped"));

        ExecutionException e = assertThrows(ExecutionException.class, exit::get);
        assertEquals("the engine stopped", e.getCause().getMessage());
        assertThrows(ExecutionException.class, removed::get);
        assertNotSame(exit, handle.nextExit(), "a new wait is not the ended one");
    }
}

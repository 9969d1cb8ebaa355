package io.linnet.engine.api.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.linnet.engine.api.InvalidParameterException;
import org.junit.jupiter.api.Test;

class ContainerNameTest {
    @Test
    void aValidNameGetsItsSlash() {
        assertEquals("/web.1_x-y", ContainerName.checked("web.1_x-y"));
        assertEquals("/web", ContainerName.checked("/web"));
    }

    @Test
    void anInvalidNameIsRefusedInDockerdsWords() {
        for (String name : new String[] {"w", ".web", "a b", "x/y", "-web"}) {
            assertEquals("Invalid container name (" + name + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed",
                    assertThrows(InvalidParameterException.class, () -> ContainerName.checked(name)).getMessage());
        }
    }
}

package io.linnet.api.networks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.linnet.api.model.InvalidJsonException;
import org.junit.jupiter.api.Test;

class GoShapesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void wrongTypesAreRefusedAsGoRefusesThem() throws Exception {
        GoShapes.checkCreate(JSON.readTree("{\"Name\":\"n\",\"Labels\":{\"a\":\"b\",\"c\":null},\"Internal\":null,"
                + "\"IPAM\":{\"Config\":[{\"Subnet\":\"10.0.0.0/24\"}]},\"Unknown\":[1]}"));
        assertEquals("invalid JSON: json: cannot unmarshal string into Go struct field NetworkCreateRequest.Labels of type "
                + "map[string]string", assertThrows(InvalidJsonException.class,
                        () -> GoShapes.checkCreate(JSON.readTree("{\"Name\":\"n\",\"Labels\":\"x\"}"))).getMessage());
        assertThrows(InvalidJsonException.class, () -> GoShapes.checkCreate(JSON.readTree("{\"Name\":5}")));
        assertThrows(InvalidJsonException.class, () -> GoShapes.checkCreate(JSON.readTree("{\"Internal\":[]}")));
        assertThrows(InvalidJsonException.class, () -> GoShapes.checkCreate(JSON.readTree("{\"IPAM\":{\"Config\":[1]}}")));
        assertThrows(InvalidJsonException.class, () -> GoShapes.checkConnect(JSON.readTree(
                "{\"Container\":\"c\",\"EndpointConfig\":{\"Aliases\":\"x\"}}")));
        assertThrows(InvalidJsonException.class, () -> GoShapes.checkDisconnect(JSON.readTree("{\"Force\":\"yes\"}")));
    }
}

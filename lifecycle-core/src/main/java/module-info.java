/**
 * Choria lifecycle events: the event types and both wire formats (Choria and CloudEvents 1.0
 * JSON), byte for byte as the Go reference writes them, on Jackson core alone; and the machine
 * events Choria's autonomous agents publish beside them ({@code io.choria.lifecycle.machine}).
 */
module io.choria.lifecycle {
    requires com.fasterxml.jackson.core;

    exports io.choria.lifecycle;
    exports io.choria.lifecycle.machine;
}

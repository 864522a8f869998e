namespace MatAssistant.Agent.Orchestration;

/// <summary>One tool call made during a turn (DESIGN.md §3 <c>tool_calls</c>).</summary>
/// <param name="Tool">The tool's name as the model sees it, e.g. <c>compositions_screen</c>.</param>
/// <param name="Arguments">The arguments as the brain gave them.</param>
/// <param name="Ok">False when the tool rejected the input, failed, or timed out.</param>
/// <param name="Error">Why it failed; null when it succeeded.</param>
/// <param name="Result">The tool's result object (a domain record), for the answer composer.</param>
/// <param name="Milliseconds">How long the tool ran.</param>
public sealed record ToolCallRecord(
    string Tool,
    IReadOnlyDictionary<string, object?> Arguments,
    bool Ok,
    string? Error,
    object? Result,
    double Milliseconds);

using System.Text.Json;
using Microsoft.SemanticKernel;

namespace MatAssistant.Agent.Orchestration;

/// <summary>How a tool's failure is put to whoever called it: the assistant's brain, or an MCP client's model.</summary>
public static class ToolFailure
{
    /// <summary>
    /// Bad arguments and failed solves are expected and explain themselves; anything else is named by its type, so the
    /// caller can tell the user that the tool broke rather than that the input was wrong.
    /// </summary>
    public static string Message(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var cause = e is KernelException && e.InnerException is { } inner ? inner : e;
        var expected = cause is ArgumentException or FormatException or InvalidOperationException or InvalidDataException or IOException or JsonException;
        return expected ? cause.Message : $"the tool failed unexpectedly ({cause.GetType().Name}: {cause.Message})";
    }
}

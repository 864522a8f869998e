using System.Diagnostics;
using Microsoft.SemanticKernel;

namespace MatAssistant.Agent.Orchestration;

/// <summary>Limits of tool use within one turn.</summary>
/// <param name="MaxToolCallsPerTurn">Calls beyond this end the tool loop (default 8).</param>
/// <param name="ToolTimeout">Longest a single tool may run (default 60 s).</param>
public sealed record ToolLimits(int MaxToolCallsPerTurn = 8, TimeSpan? ToolTimeout = null)
{
    public static ToolLimits Default { get; } = new();

    public TimeSpan Timeout => ToolTimeout ?? TimeSpan.FromSeconds(60);
}

/// <summary>
/// Semantic Kernel filter around every automatic tool call: records it, enforces the per-turn bound and the per-tool
/// timeout, and turns a tool's failure into a message the brain can act on instead of an exception.
/// </summary>
internal sealed class ToolInvocationFilter(ToolLimits limits) : IAutoFunctionInvocationFilter
{
    private readonly List<ToolCallRecord> _calls = [];

    public IReadOnlyList<ToolCallRecord> Calls => _calls;

    public void BeginTurn() => _calls.Clear();

    public async Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next)
    {
        var name = $"{context.Function.PluginName}_{context.Function.Name}";
        var arguments = context.Arguments?.ToDictionary(a => a.Key, a => a.Value) ?? [];
        if (_calls.Count >= limits.MaxToolCallsPerTurn)
        {
            _calls.Add(new ToolCallRecord(name, arguments, false, $"more than {limits.MaxToolCallsPerTurn} tool calls in one turn", null, 0));
            context.Result = new FunctionResult(context.Function, $"Error: the limit of {limits.MaxToolCallsPerTurn} tool calls per turn is reached; answer with what you have.");
            context.Terminate = true;
            return;
        }

        var watch = Stopwatch.StartNew();
        try
        {
            await next(context).WaitAsync(limits.Timeout, context.CancellationToken);
            _calls.Add(new ToolCallRecord(name, arguments, true, null, context.Result.GetValue<object>(), watch.Elapsed.TotalMilliseconds));
        }
        catch (TimeoutException)
        {
            var message = $"the tool did not finish within {limits.Timeout.TotalSeconds:0} s";
            _calls.Add(new ToolCallRecord(name, arguments, false, message, null, watch.Elapsed.TotalMilliseconds));
            context.Result = new FunctionResult(context.Function, $"Error: {message}.");
        }
        catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
        {
            var message = ToolFailure.Message(e);
            _calls.Add(new ToolCallRecord(name, arguments, false, message, null, watch.Elapsed.TotalMilliseconds));
            context.Result = new FunctionResult(context.Function, $"Error: {message}");
        }
    }
}

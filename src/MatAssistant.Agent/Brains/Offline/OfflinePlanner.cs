using System.Globalization;
using System.Runtime.CompilerServices;
using MatAssistant.Agent.Planning;
using Microsoft.Extensions.AI;

namespace MatAssistant.Agent.Brains.Offline;

/// <summary>
/// The default brain, needing no weights: reads the request into tool calls (<see cref="RequestParser"/>) and, when the
/// kernel comes back with the tools' results, writes the answer from them (<see cref="OfflineAnswerWriter"/>). It speaks
/// Microsoft.Extensions.AI's <see cref="IChatClient"/> like the other brains, so the same kernel loop runs the tools.
/// Deterministic: the same message and results always give the same calls and text.
/// </summary>
public sealed class OfflinePlanner : IChatClient
{
    private int _callCounter;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        var lastUser = list.FindLastIndex(m => m.Role == ChatRole.User);
        if (lastUser < 0)
        {
            return Reply("Ask me a question about materials, a design request, or an equation to solve.");
        }

        var request = RequestParser.Parse(list[lastUser].Text);
        var turn = list.Skip(lastUser + 1).ToList();
        var results = turn.SelectMany(m => m.Contents).OfType<FunctionResultContent>().ToList();
        if (results.Count > 0)
        {
            var calls = turn.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToDictionary(c => c.CallId, c => c);
            return Reply(OfflineAnswerWriter.Write(request, results.Select(r => (calls.GetValueOrDefault(r.CallId), r)).ToList()));
        }

        if (request.MissingQuestion is { } question)
        {
            return Reply(question);
        }

        var tool = ToolNames.For(request.Intent);
        if (options?.Tools?.Any(t => t.Name == tool) != true)
        {
            return Reply($"This request needs the `{tool}` tool, which is not available in this session.");
        }

        var callId = "call_" + Interlocked.Increment(ref _callCounter).ToString(CultureInfo.InvariantCulture);
        var call = new FunctionCallContent(callId, tool, ToolArguments.For(request));
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [call])) { ModelId = "offline-planner" });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private static Task<ChatResponse> Reply(string text) =>
        Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { ModelId = "offline-planner" });
}

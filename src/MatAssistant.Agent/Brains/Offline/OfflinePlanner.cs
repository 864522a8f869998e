using System.Globalization;
using System.Runtime.CompilerServices;
using MatAssistant.Agent.Orchestration;
using MatAssistant.Agent.Planning;
using Microsoft.Extensions.AI;

namespace MatAssistant.Agent.Brains.Offline;

/// <summary>
/// The default brain, needing no weights: reads the request into tool calls (<see cref="RequestParser"/>) and, when the
/// kernel comes back with the tools' results, writes the answer from them (<see cref="OfflineAnswerWriter"/>). It speaks
/// Microsoft.Extensions.AI's <see cref="IChatClient"/> like the other brains, so the same kernel loop runs the tools.
/// Deterministic: the same message and results always give the same calls and text.
/// </summary>
public sealed class OfflinePlanner : IChatClient, IRequestReading
{
    private int _callCounter;
    private IReadOnlyList<string> _notUsed = [];

    public IReadOnlyList<string> NotUsed => _notUsed;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        var lastUser = list.FindLastIndex(m => m.Role == ChatRole.User);
        if (lastUser < 0)
        {
            return Reply("Ask me a question about materials, a design request, or an equation to solve.");
        }

        var request = FollowUp(list, lastUser) ?? ConversationReferences.Resolve(RequestParser.Parse(list[lastUser].Text), EarlierUserTexts(list, lastUser));
        _notUsed = request.NotUsed ?? [];
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

        var plan = new List<AIContent>();
        if (request.Intent == RequestIntent.ExplainAndScreen && options.Tools.Any(t => t.Name == ToolNames.Retrieve))
        {
            plan.Add(new FunctionCallContent(NextCallId(), ToolNames.Retrieve, ToolArguments.Retrieval(request)));
        }

        plan.Add(new FunctionCallContent(NextCallId(), tool, ToolArguments.For(request)));
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, plan)) { ModelId = "offline-planner" });
    }

    private static List<string> EarlierUserTexts(List<ChatMessage> messages, int lastUser) =>
        messages.Take(lastUser).Where(m => m.Role == ChatRole.User).Select(m => m.Text).ToList();

    private string NextCallId() => "call_" + Interlocked.Increment(ref _callCounter).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// When the previous turn ended with a question for missing information ("What is the initial value of y?"), the
    /// answer completes that request: "y(0) = 1 from t = 0 to 1" after "Solve dy/dt = -y" is read as one request.
    /// </summary>
    private static ParsedRequest? FollowUp(List<ChatMessage> messages, int lastUser)
    {
        var previousUser = messages.FindLastIndex(lastUser - 1, m => m.Role == ChatRole.User);
        if (previousUser < 0)
        {
            return null;
        }

        var previous = RequestParser.Parse(messages[previousUser].Text);
        var askedBack = previous.MissingQuestion is not null
            && !messages.Skip(previousUser + 1).Take(lastUser - previousUser - 1).SelectMany(m => m.Contents).OfType<FunctionCallContent>().Any();
        if (!askedBack)
        {
            return null;
        }

        var combined = RequestParser.Parse(messages[previousUser].Text.TrimEnd('.', '?', '!') + ", " + messages[lastUser].Text);
        return combined.Intent == previous.Intent ? combined with { Text = messages[lastUser].Text } : null;
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

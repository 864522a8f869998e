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
    private readonly RequestReader _reader;
    private int _callCounter;
    private IReadOnlyList<string> _notUsed = [];

    /// <summary>A planner whose intent comes from the rules alone.</summary>
    public OfflinePlanner()
        : this(RequestReader.RulesOnly)
    {
    }

    /// <summary>A planner reading requests with <paramref name="reader"/> (the rules, and a sentence encoder where they are unsure).</summary>
    public OfflinePlanner(RequestReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _reader = reader;
    }

    public IReadOnlyList<string> NotUsed => _notUsed;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        var lastUser = list.FindLastIndex(m => m.Role == ChatRole.User);
        if (lastUser < 0)
        {
            return Reply("Ask me a question about materials, a design request, or an equation to solve.");
        }

        var request = Read(list, lastUser);
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
            // What was derived or refused on the way (a measured point that Newton cooling cannot produce) says why we ask.
            return Reply(request.Solve is { Derived.Count: > 0 } read ? string.Join("\n", read.Derived) + "\n" + question : question);
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

    // Turns looked back through: a follow-up of a follow-up is read from the earlier turns' texts, up to this many.
    private const int MaxLookBack = 12;

    /// <summary>
    /// The request of the user message at <paramref name="index"/>, read in the context of the turns before it: an answer to
    /// a question for missing information completes that request ("y(0) = 1 from t = 0 to 1" after "Solve dy/dt = -y");
    /// new values after a solve re-run it with those values ("what about at 700 °C?"); formulas after a screen are screened
    /// ("also check X"). Otherwise the message is read on its own, with "it"/"this model" resolved to the entity of an
    /// earlier literature question (<see cref="ConversationReferences"/>).
    /// </summary>
    private ParsedRequest Read(List<ChatMessage> messages, int index, int depth = 0)
    {
        var text = messages[index].Text;
        var previousUser = depth >= MaxLookBack || index == 0 ? -1 : messages.FindLastIndex(index - 1, m => m.Role == ChatRole.User);
        if (previousUser < 0)
        {
            return _reader.Parse(text);
        }

        var previous = Read(messages, previousUser, depth + 1);
        var previousText = previous.ReadFrom ?? previous.Text;
        return Completion(previous, previousText, text)
            ?? FollowUps.Solve(previous, previousText, text, _reader)
            ?? FollowUps.Screen(previous, text, _reader)
            ?? ConversationReferences.Resolve(_reader.Parse(text), EarlierUserTexts(messages, index));
    }

    private ParsedRequest? Completion(ParsedRequest previous, string previousText, string text)
    {
        if (previous.MissingQuestion is null)
        {
            return null;
        }

        var combinedText = previousText.TrimEnd('.', '?', '!') + ", " + text;
        var combined = _reader.Parse(combinedText);
        return combined.Intent == previous.Intent ? combined with { Text = text, ReadFrom = combinedText } : null;
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

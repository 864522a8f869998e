using MatAssistant.Agent.Answers;
using MatAssistant.Agent.Prompts;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace MatAssistant.Agent.Orchestration;

/// <summary>A brain that reads the request itself (the offline planner) and can say which of its words no tool argument took.</summary>
public interface IRequestReading
{
    /// <summary>The words or phrases of the last request that no slot took.</summary>
    IReadOnlyList<string> NotUsed { get; }
}

/// <summary>
/// One conversation with the assistant: a Semantic Kernel kernel holding the plugins, a brain (any <see cref="IChatClient"/>)
/// wrapped so that Semantic Kernel runs the tool calls (<c>UseKernelFunctionInvocation</c>), and the answer composer.
/// Every brain goes through this same loop.
/// </summary>
public sealed class Assistant : IDisposable
{
    private readonly Kernel _kernel;
    private readonly IChatClient _client;
    private readonly IChatCompletionService _chat;
    private readonly ToolInvocationFilter _filter;
    private readonly AnswerComposer _composer;
    private readonly PromptLibrary _prompts;
    private readonly IRequestReading? _reading;
    private ChatHistory _history;

    private readonly IReadOnlyList<IDisposable> _owned;

    internal Assistant(Kernel kernel, IChatClient brain, string backend, PromptLibrary prompts, AnswerComposer composer, ToolLimits limits, IReadOnlyList<IDisposable>? owned = null)
    {
        _owned = owned ?? [];
        _kernel = kernel;
        _prompts = prompts;
        _composer = composer;
        _filter = new ToolInvocationFilter(limits);
        _kernel.AutoFunctionInvocationFilters.Add(_filter);
        _reading = brain.GetService(typeof(IRequestReading)) as IRequestReading;
        _client = new ChatClientBuilder(brain).UseKernelFunctionInvocation().Build();
        if (_client.GetService<FunctionInvokingChatClient>() is { } loop)
        {
            // A failed call is answered with its error message (not a bare "Function failed"), so the model can correct it.
            loop.IncludeDetailedErrors = true;
        }
        _chat = _client.AsChatCompletionService();
        Backend = backend;
        _history = NewHistory();
    }

    /// <summary>offline, llama or openai.</summary>
    public string Backend { get; }

    /// <summary>The tools the brain can call, with their descriptions.</summary>
    public IReadOnlyList<(string Name, string Description)> Tools =>
        _kernel.Plugins.SelectMany(p => p.Select(f => ($"{p.Name}_{f.Name}", f.Description))).ToList();

    /// <summary>Answers one message, keeping the conversation for the next.</summary>
    public async Task<AssistantAnswer> AskAsync(string message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        _filter.BeginTurn();
        _history.AddUserMessage(message);
        var settings = new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };
        Microsoft.SemanticKernel.ChatMessageContent reply;
        try
        {
            reply = await _chat.GetChatMessageContentAsync(_history, settings, _kernel, cancellationToken);
        }
        catch (Exception e) when (UnparsableArguments(e) is { } error)
        {
            throw error;
        }

        var text = reply.Content ?? string.Empty;
        _history.AddAssistantMessage(text);
        return _composer.Compose(text, _filter.Calls, Backend, _reading?.NotUsed);
    }

    /// <summary>Answers one message, passing the brain's text to <paramref name="onText"/> as it streams in.</summary>
    public async Task<AssistantAnswer> AskStreamingAsync(string message, Action<string> onText, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        _filter.BeginTurn();
        _history.AddUserMessage(message);
        var settings = new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };
        var text = new System.Text.StringBuilder();
        // What streams is what the final answer says: its reading line first, markers numbered as the composer numbers them.
        var stream = new CitationRenumberer();
        try
        {
            await foreach (var chunk in _chat.GetStreamingChatMessageContentsAsync(_history, settings, _kernel, cancellationToken))
            {
                if (!string.IsNullOrEmpty(chunk.Content))
                {
                    var shown = stream.Push(chunk.Content);
                    if (text.Length == 0)
                    {
                        // The tools of the turn have run by the time the brain writes its text.
                        shown = AnswerComposer.ReadingLine(_filter.Calls, _reading?.NotUsed) + shown;
                    }

                    text.Append(chunk.Content);
                    if (shown.Length > 0)
                    {
                        onText(shown);
                    }
                }
            }

            if (stream.Flush() is { Length: > 0 } tail)
            {
                onText(tail);
            }
        }
        catch (Exception e) when (UnparsableArguments(e) is { } error)
        {
            throw error;
        }

        _history.AddAssistantMessage(text.ToString());
        return _composer.Compose(text.ToString(), _filter.Calls, Backend, _reading?.NotUsed, stream.Order);
    }

    /// <summary>Takes over <paramref name="previous"/>'s conversation so far (a conversation rebuilt over a newer index keeps what was said).</summary>
    public void ContinueFrom(Assistant previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        _history = new ChatHistory(previous._history);
    }

    /// <summary>Forgets the conversation.</summary>
    public void Reset() => _history = NewHistory();

    public void Dispose()
    {
        _client.Dispose();
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }

    private ChatHistory NewHistory() => new(_prompts.SystemMessage);

    /// <summary>Should the tool loop give up on arguments that do not parse (it rethrows the parser's error), the turn ends with one line.</summary>
    private static Brains.BrainRequestException? UnparsableArguments(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Text.Json.JsonException json)
            {
                return new Brains.BrainRequestException(
                    $"The model kept writing tool-call arguments that are not valid JSON ({json.Message.Split('\n', 2)[0]}); ask again, or use a stronger model.", e);
            }
        }

        return null;
    }
}

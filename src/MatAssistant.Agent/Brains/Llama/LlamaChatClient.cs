using System.Runtime.CompilerServices;
using System.Text;
using LLama;
using LLama.Common;
using LLama.Exceptions;
using Microsoft.Extensions.AI;

namespace MatAssistant.Agent.Brains.Llama;

/// <summary>
/// An <see cref="IChatClient"/> over a GGUF model run in process by LLamaSharp (llama.cpp).
/// LLamaSharp's own <c>AsChatClient()</c> ignores tools and the chat template, hence this adapter over four parts:
/// <see cref="ChatTemplate"/> (the model's template, or a named one; a template that cannot be applied is reported in
/// <see cref="ChatTemplate"/>'s info), <see cref="PromptBuilder"/> (turns, tools in the family's convention, grammar,
/// context fitting), <see cref="LlamaGenerator"/> (KV cache and sampling), <see cref="StreamFilter"/> (what may be shown
/// while streaming), and the family's <see cref="ToolCallFormat"/> decoding calls into <see cref="FunctionCallContent"/>.
/// Tool execution is not done here: wrap the client with <c>UseKernelFunctionInvocation()</c> (Semantic Kernel) or
/// <c>UseFunctionInvocation()</c>, which call it again with the <see cref="FunctionResultContent"/>s.
/// </summary>
/// <remarks>
/// One request runs at a time (llama.cpp contexts are not thread-safe); others wait. The same conversation, options and
/// seed give the same output, with or without the prompt cache.
/// </remarks>
public sealed class LlamaChatClient : IChatClient
{
    private readonly LlamaBrainOptions _options;
    private readonly ModelParams _params;
    private readonly LLamaWeights _weights;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ChatClientMetadata _metadata;
    private readonly ChatTemplate _template;
    private LlamaGenerator? _generator;
    private PromptBuilder? _prompts;
    private bool _disposed;

    /// <summary>Loads the model. Throws <see cref="BrainConfigurationException"/> when the file is missing, not GGUF, or llama.cpp rejects it.</summary>
    public LlamaChatClient(LlamaBrainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        _options = options;
        LlamaNativeLibrary.Configure();
        _params = new ModelParams(options.ModelPath)
        {
            ContextSize = options.ContextSize,
            GpuLayerCount = options.GpuLayers,
            Threads = options.Threads,
            BatchThreads = options.Threads,
        };
        try
        {
            _weights = LLamaWeights.LoadFromFile(_params);
        }
        catch (LoadWeightsFailedException e)
        {
            throw new BrainConfigurationException($"llama.cpp could not load '{options.ModelPath}' ({e.Message}); is it a complete GGUF chat model of an architecture llama.cpp supports?", e);
        }

        try
        {
            _template = ChatTemplate.Resolve(_weights, options.ChatTemplate);
        }
        catch (BrainConfigurationException)
        {
            _weights.Dispose();
            throw;
        }

        _metadata = new ChatClientMetadata("llama.cpp", null, Path.GetFileNameWithoutExtension(options.ModelPath));
    }

    /// <summary>The text answered when the output-token limit cut a tool call off before it could be parsed.</summary>
    public const string CutOffToolCallNotice = "(The model's tool call was cut off at the output-token limit, so no tool ran. Ask again, or raise the token limit.)";

    /// <summary>Prompt tokens this client has run through the model (those served from the KV cache not counted).</summary>
    public long PromptTokensEvaluated => _generator?.PromptTokensEvaluated ?? 0;

    /// <summary>
    /// Which chat template renders the prompts and which tool-call convention goes with it; <see cref="ChatTemplateInfo.Warning"/>
    /// says when the model's own template could not be applied (front ends show it).
    /// </summary>
    public ChatTemplateInfo Template => _template.Info;

    /// <summary>Checks the model file without loading it: it must exist and start with the GGUF magic.</summary>
    public static void Validate(LlamaBrainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ModelPath))
        {
            throw new BrainConfigurationException("The llama backend needs a model: pass --model FILE.gguf.");
        }

        if (!File.Exists(options.ModelPath))
        {
            throw new BrainConfigurationException($"Model file '{options.ModelPath}' does not exist; pass an existing .gguf file to --model.");
        }

        Span<byte> magic = stackalloc byte[4];
        using (var stream = File.OpenRead(options.ModelPath))
        {
            if (stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) < 4 || !magic.SequenceEqual("GGUF"u8))
            {
                throw new BrainConfigurationException($"'{options.ModelPath}' is not a GGUF model (it does not start with 'GGUF'); pass a .gguf file to --model.");
            }
        }

        if (options.ContextSize < 256)
        {
            throw new BrainConfigurationException($"Context size {options.ContextSize} is too small; use at least 256 tokens.");
        }

        if (options.MaxTokens < 1 || options.MaxTokens >= options.ContextSize)
        {
            throw new BrainConfigurationException($"Max tokens {options.MaxTokens} must be between 1 and the context size ({options.ContextSize}).");
        }

        if (options.GpuLayers < 0)
        {
            throw new BrainConfigurationException($"GPU layers must be 0 or more, not {options.GpuLayers}.");
        }
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(messages);
        var conversation = messages.ToList();
        var responseId = NewId("resp");
        var messageId = NewId("msg");
        ChatResponseUpdate Update(IList<AIContent> contents, ChatFinishReason? finish = null) => new(ChatRole.Assistant, contents)
        {
            ResponseId = responseId,
            MessageId = messageId,
            ModelId = _metadata.DefaultModelId,
            CreatedAt = DateTimeOffset.UtcNow,
            FinishReason = finish,
        };

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var plan = Prompts().Build(conversation, options);
            var format = _template.Format;
            var output = new StringBuilder();
            var filter = new StreamFilter(plan.ParseToolCalls ? format : null);
            var finish = ChatFinishReason.Length;
            var generated = 0;
            await foreach (var (piece, end) in _generator!.RunAsync(plan, cancellationToken).ConfigureAwait(false))
            {
                if (end is not null)
                {
                    finish = end.Value;
                    break;
                }

                generated++;
                output.Append(piece);
                var chunk = filter.Advance(output.ToString());
                if (chunk.Length > 0)
                {
                    yield return Update([new TextContent(chunk)]);
                }
            }

            var contents = new List<AIContent>();
            var rest = output.ToString()[filter.Consumed..];
            if (plan.ParseToolCalls)
            {
                contents.AddRange(format.Parse(rest, () => NewId("call")));
            }
            else
            {
                var text = ToolCallFormat.StripThinking(rest);
                text = filter.EmittedAny ? text.TrimEnd() : text.Trim();
                if (text.Length > 0)
                {
                    contents.Add(new TextContent(text));
                }
            }

            if (contents.OfType<FunctionCallContent>().Any())
            {
                finish = ChatFinishReason.ToolCalls;
            }
            else if (filter.InToolSection && finish == ChatFinishReason.Length)
            {
                contents.Add(new TextContent(CutOffToolCallNotice));
            }

            contents.Add(new UsageContent(new UsageDetails
            {
                InputTokenCount = plan.PromptTokens.Count,
                OutputTokenCount = generated,
                TotalTokenCount = plan.PromptTokens.Count + generated,
            }));
            yield return Update(contents, finish);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType == typeof(ChatTemplateInfo) ? _template.Info
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _generator?.Dispose();
        _weights.Dispose();
        _gate.Dispose();
    }

    /// <summary>Renders the prompt exactly as the model would see it for these messages and options (for tests and debugging).</summary>
    public string RenderPrompt(IEnumerable<ChatMessage> messages, ChatOptions? options = null) => PlanFor(messages, options).Prompt;

    /// <summary>The GBNF grammar the output would be constrained by for these messages and options (null: none).</summary>
    public string? RenderGrammar(IEnumerable<ChatMessage> messages, ChatOptions? options = null) => PlanFor(messages, options).Grammar;

    /// <summary>Tokens of <paramref name="text"/> (special tokens such as <c>&lt;|im_start|&gt;</c> recognised).</summary>
    public int CountTokens(string text)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _weights.Tokenize(text, false, true, Encoding.UTF8).Length;
    }

    private GenerationPlan PlanFor(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(messages);
        _gate.Wait();
        try
        {
            return Prompts().Build(messages.ToList(), options);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The context is created on first use, so loading a model to read its template costs no KV cache.</summary>
    private PromptBuilder Prompts()
    {
        if (_prompts is null)
        {
            var context = _weights.CreateContext(_params);
            _generator = new LlamaGenerator(_weights, context, _options.ReusePromptCache);
            _prompts = new PromptBuilder(_options, _template, text => context.Tokenize(text, false, true));
        }

        return _prompts;
    }

    private static string NewId(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}

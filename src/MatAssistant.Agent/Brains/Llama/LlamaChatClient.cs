using System.Runtime.CompilerServices;
using System.Text;
using LLama;
using LLama.Common;
using LLama.Exceptions;
using LLama.Native;
using LLama.Sampling;
using Microsoft.Extensions.AI;

namespace MatAssistant.Agent.Brains.Llama;

/// <summary>
/// An <see cref="IChatClient"/> over a GGUF model run in process by LLamaSharp (llama.cpp).
/// LLamaSharp's own <c>AsChatClient()</c> ignores tools and the chat template, hence this class: it renders the conversation
/// with the model's chat template (ChatML when the GGUF has none llama.cpp knows), lists <see cref="ChatOptions.Tools"/> in the
/// Hermes/Qwen <c>&lt;tools&gt;</c> convention, constrains the output with a GBNF grammar generated from the tools' JSON
/// schemas (<see cref="ToolCallGrammar"/>), and turns <c>&lt;tool_call&gt;</c> blocks into <see cref="FunctionCallContent"/>.
/// Tool execution is not done here: wrap the client with <c>UseKernelFunctionInvocation()</c> (Semantic Kernel) or
/// <c>UseFunctionInvocation()</c>, which call it again with the <see cref="FunctionResultContent"/>s.
/// </summary>
/// <remarks>
/// One request runs at a time (llama.cpp contexts are not thread-safe); others wait. With
/// <see cref="LlamaBrainOptions.ReusePromptCache"/> the KV cache of the longest common token prefix with the previous request
/// is kept (a tool round only evaluates the new turns); otherwise every request evaluates the whole prompt. Either way the
/// same conversation, options and seed give the same output.
/// When the prompt does not fit <see cref="LlamaBrainOptions.ContextSize"/> with room for the answer, the oldest turns before
/// the last user message are dropped first, then the longest tool results are halved; the system prompt and the last user
/// message are always kept.
/// </remarks>
public sealed class LlamaChatClient : IChatClient
{
    private readonly LlamaBrainOptions _options;
    private readonly ModelParams _params;
    private readonly LLamaWeights _weights;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ChatClientMetadata _metadata;
    private readonly bool _modelTemplateWorks;
    private LLamaContext? _context;
    private List<LLamaToken> _cachedTokens = [];
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

        _modelTemplateWorks = options.UseModelChatTemplate && ModelTemplateWorks(_weights);
        _metadata = new ChatClientMetadata("llama.cpp", null, Path.GetFileNameWithoutExtension(options.ModelPath));
    }

    /// <summary>The text answered when the output-token limit cut a tool call off before it could be parsed.</summary>
    public const string CutOffToolCallNotice = "(The model's tool call was cut off at the output-token limit, so no tool ran. Ask again, or raise the token limit.)";

    /// <summary>Prompt tokens this client has run through the model (those served from the KV cache not counted).</summary>
    public long PromptTokensEvaluated { get; private set; }

    /// <summary>Whether prompts are rendered with the GGUF's own chat template (false: the ChatML fallback).</summary>
    public bool UsesModelChatTemplate => _modelTemplateWorks;

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
            _context ??= _weights.CreateContext(_params);
            var plan = Plan(conversation, options);
            var output = new StringBuilder();
            var visible = new VisibleText(plan.ParseToolCalls);
            var finish = ChatFinishReason.Length;
            var generated = 0;
            await foreach (var (piece, end) in GenerateAsync(plan, cancellationToken).ConfigureAwait(false))
            {
                if (end is not null)
                {
                    finish = end.Value;
                    break;
                }

                generated++;
                output.Append(piece);
                var chunk = visible.Advance(output.ToString());
                if (chunk.Length > 0)
                {
                    yield return Update([new TextContent(chunk)]);
                }
            }

            var contents = new List<AIContent>();
            var rest = output.ToString()[visible.Consumed..];
            if (plan.ParseToolCalls)
            {
                contents.AddRange(HermesToolFormat.Parse(rest, () => NewId("call")));
            }
            else
            {
                var text = HermesToolFormat.StripThinking(rest);
                text = visible.EmittedAny ? text.TrimEnd() : text.Trim();
                if (text.Length > 0)
                {
                    contents.Add(new TextContent(text));
                }
            }

            if (contents.OfType<FunctionCallContent>().Any())
            {
                finish = ChatFinishReason.ToolCalls;
            }
            else if (plan.ParseToolCalls && finish == ChatFinishReason.Length && rest.Contains(ToolCallGrammar.OpenTag, StringComparison.Ordinal))
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
        _context?.Dispose();
        _weights.Dispose();
        _gate.Dispose();
    }

    /// <summary>Renders the prompt exactly as the model would see it for these messages and options (for tests and debugging).</summary>
    public string RenderPrompt(IEnumerable<ChatMessage> messages, ChatOptions? options = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(messages);
        _gate.Wait();
        try
        {
            _context ??= _weights.CreateContext(_params);
            return Plan(messages.ToList(), options).Prompt;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Tokens of <paramref name="text"/> (special tokens such as <c>&lt;|im_start|&gt;</c> recognised).</summary>
    public int CountTokens(string text)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _weights.Tokenize(text, false, true, Encoding.UTF8).Length;
    }

    private sealed record GenerationPlan(
        string Prompt,
        IReadOnlyList<LLamaToken> PromptTokens,
        string? Grammar,
        bool ParseToolCalls,
        int MaxTokens,
        float Temperature,
        float TopP,
        int TopK,
        uint Seed,
        float FrequencyPenalty,
        float PresencePenalty,
        IReadOnlyList<string> StopSequences);

    /// <summary>One rendered turn; tool results are kept apart so they can be shortened to fit the context.</summary>
    private sealed class Turn(string role, string content, int group)
    {
        public string Role { get; } = role;
        public string Content { get; set; } = content;
        public int Group { get; } = group;
        public List<string>? ToolResults { get; init; }
        public bool IsUserRequest => Role == "user" && ToolResults is null;

        public string Render() => ToolResults is null ? Content : string.Join("\n", ToolResults.Select(HermesToolFormat.RenderResponse));
    }

    private GenerationPlan Plan(List<ChatMessage> messages, ChatOptions? options)
    {
        var tools = options?.Tools?.OfType<AIFunctionDeclaration>().ToList() ?? [];
        if (options?.ToolMode is NoneChatToolMode)
        {
            tools = [];
        }

        var (system, turns) = BuildTurns(messages, options);
        var lastUser = turns.FindLastIndex(t => t.IsUserRequest);
        var toolRounds = turns.Skip(lastUser + 1).Count(t => t.Role == "assistant" && t.Content.Contains(ToolCallGrammar.OpenTag, StringComparison.Ordinal));
        var toolsExhausted = toolRounds >= _options.MaxToolRoundsPerTurn;

        string? grammar = null;
        var parse = tools.Count > 0 && !toolsExhausted;
        if (tools.Count > 0)
        {
            system = (system.Length > 0 ? system + "\n\n" : "") + HermesToolFormat.RenderTools(tools, _options.ToolInstructions, _options.CallInstructions);
            if (_options.UseGrammar)
            {
                var limits = options?.AllowMultipleToolCalls == false ? _options.GrammarLimits with { MaxToolCalls = 1 } : _options.GrammarLimits;
                var mode = toolsExhausted ? ToolGrammarMode.TextOnly
                    : options?.ToolMode is RequiredChatToolMode ? ToolGrammarMode.ToolCallsOnly
                    : ToolGrammarMode.TextOrToolCalls;
                var callable = options?.ToolMode is RequiredChatToolMode { RequiredFunctionName: { } required }
                    ? tools.Where(t => t.Name == required).ToList()
                    : tools;
                if (callable.Count == 0)
                {
                    throw new InvalidOperationException($"The required tool '{((RequiredChatToolMode)options!.ToolMode!).RequiredFunctionName}' is not among the tools given.");
                }

                grammar = ToolCallGrammar.Build(callable, mode, limits);
            }
        }

        // Structured output: when no tool may be called, a JSON response format constrains the text to its schema.
        if (options?.ResponseFormat is ChatResponseFormatJson json && !parse && _options.UseGrammar)
        {
            grammar = ToolCallGrammar.BuildJson(json.Schema, _options.GrammarLimits);
        }

        var maxTokens = Math.Min(options?.MaxOutputTokens ?? _options.MaxTokens, (int)_options.ContextSize - 16);
        var (prompt, tokens) = Fit(system, turns, lastUser, maxTokens);
        var stops = new List<string>(options?.StopSequences ?? []);
        if (!_modelTemplateWorks)
        {
            stops.Add("<|im_end|>");
        }

        return new GenerationPlan(
            prompt, tokens, grammar, parse, maxTokens,
            options?.Temperature ?? _options.Temperature,
            options?.TopP ?? _options.TopP,
            options?.TopK ?? _options.TopK,
            options?.Seed is { } seed ? unchecked((uint)seed) : _options.Seed,
            options?.FrequencyPenalty ?? 0,
            options?.PresencePenalty ?? 0,
            stops);
    }

    private static (string System, List<Turn> Turns) BuildTurns(List<ChatMessage> messages, ChatOptions? options)
    {
        var system = new List<string>();
        if (!string.IsNullOrWhiteSpace(options?.Instructions))
        {
            system.Add(options.Instructions);
        }

        var turns = new List<Turn>();
        var group = 0;
        foreach (var message in messages)
        {
            var results = message.Contents.OfType<FunctionResultContent>().Select(HermesToolFormat.ResultText).ToList();
            if (message.Role == ChatRole.System)
            {
                system.Add(message.Text);
            }
            else if (results.Count > 0 || message.Role == ChatRole.Tool)
            {
                if (turns.Count > 0 && turns[^1].ToolResults is { } previous)
                {
                    previous.AddRange(results);
                }
                else
                {
                    turns.Add(new Turn("user", "", group) { ToolResults = results });
                }
            }
            else if (message.Role == ChatRole.Assistant)
            {
                var parts = new List<string>();
                if (!string.IsNullOrWhiteSpace(message.Text))
                {
                    parts.Add(message.Text.Trim());
                }

                parts.AddRange(message.Contents.OfType<FunctionCallContent>().Select(HermesToolFormat.RenderCall));
                turns.Add(new Turn("assistant", string.Join("\n", parts), group));
            }
            else
            {
                group++;
                turns.Add(new Turn("user", message.Text, group));
            }
        }

        return (string.Join("\n\n", system.Where(s => !string.IsNullOrWhiteSpace(s))), turns);
    }

    /// <summary>Drops the oldest turn groups, then halves the longest tool results, until prompt + answer fit the context.</summary>
    private (string Prompt, LLamaToken[] Tokens) Fit(string system, List<Turn> turns, int lastUser, int maxTokens)
    {
        var budget = (int)_options.ContextSize - maxTokens;
        while (true)
        {
            var prompt = Render(system, turns);
            var tokens = _context!.Tokenize(prompt, false, true);
            if (tokens.Length <= budget)
            {
                return (prompt, tokens);
            }

            if (lastUser > 0 && turns[0].Group < turns[lastUser].Group)
            {
                var dropped = turns[0].Group;
                lastUser -= turns.RemoveAll(t => t.Group == dropped);
                continue;
            }

            var longest = turns.Where(t => t.ToolResults is not null)
                .SelectMany(t => t.ToolResults!.Select((r, i) => (Turn: t, Index: i, r.Length)))
                .OrderByDescending(x => x.Length)
                .FirstOrDefault();
            if (longest.Turn is null || longest.Length <= _options.MinToolResultCharacters)
            {
                throw new ContextOverflowException(
                    $"The conversation needs {tokens.Length} prompt tokens but the context of {_options.ContextSize} leaves {budget} beside {maxTokens} answer tokens; raise the context size or shorten the request.");
            }

            var keep = Math.Max(_options.MinToolResultCharacters, longest.Length / 2);
            var text = longest.Turn.ToolResults![longest.Index];
            longest.Turn.ToolResults[longest.Index] = text[..keep] + " … [truncated to fit the context window]";
        }
    }

    private string Render(string system, List<Turn> turns)
    {
        var messages = new List<(string Role, string Content)>();
        if (system.Length > 0)
        {
            messages.Add(("system", system));
        }

        messages.AddRange(turns.Select(t => (t.Role, t.Render())));
        if (_modelTemplateWorks)
        {
            var template = new LLamaTemplate(_weights) { AddAssistant = true };
            foreach (var (role, content) in messages)
            {
                template.Add(role, content);
            }

            return Encoding.UTF8.GetString(template.Apply());
        }

        return RenderChatMl(messages);
    }

    /// <summary>The ChatML rendering used when the GGUF carries no template llama.cpp can apply.</summary>
    internal static string RenderChatMl(IEnumerable<(string Role, string Content)> messages)
    {
        var sb = new StringBuilder();
        foreach (var (role, content) in messages)
        {
            sb.Append("<|im_start|>").Append(role).Append('\n').Append(content).Append("<|im_end|>\n");
        }

        return sb.Append("<|im_start|>assistant\n").ToString();
    }

    private async IAsyncEnumerable<(string Piece, ChatFinishReason? End)> GenerateAsync(GenerationPlan plan, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var context = _context!;
        var prompt = plan.PromptTokens;

        // Keep the KV cache of the prefix shared with what is cached (at least one prompt token is evaluated, for its logits).
        // Recurrent and hybrid models cannot drop part of their state, so they always start afresh.
        var reuse = _options.ReusePromptCache && !_weights.NativeHandle.IsRecurrent && context.NativeHandle.MemoryCanShift
            ? Math.Min(CommonPrefix(_cachedTokens, prompt), prompt.Count - 1)
            : 0;
        if (reuse > 0)
        {
            context.NativeHandle.MemorySequenceRemove(LLamaSeqId.Zero, reuse, -1);
        }
        else
        {
            context.NativeHandle.MemoryClear();
        }

        _cachedTokens = _cachedTokens.Take(reuse).ToList();
        var batch = new LLamaBatch();
        var (result, _, past) = await context.DecodeAsync([.. prompt.Skip(reuse)], LLamaSeqId.Zero, batch, reuse, cancellationToken).ConfigureAwait(false);
        if (result != DecodeResult.Ok)
        {
            throw new LLamaDecodeError(result);
        }

        _cachedTokens.AddRange(prompt.Skip(reuse));
        PromptTokensEvaluated += prompt.Count - reuse;
        using var sampler = new DefaultSamplingPipeline
        {
            Temperature = plan.Temperature,
            TopP = plan.TopP,
            TopK = plan.TopK,
            MinP = 0,
            FrequencyPenalty = plan.FrequencyPenalty,
            PresencePenalty = plan.PresencePenalty,
            Seed = plan.Seed,
            Grammar = plan.Grammar is null ? null : new Grammar(plan.Grammar, "root"),
        };
        // Special tokens are decoded too: some models mark <tool_call> as a control token, and end-of-turn tokens never reach
        // the decoder (generation stops on them first).
        var decoder = new StreamingTokenDecoder(context) { DecodeSpecialTokens = true };
        var text = new StringBuilder();
        for (var i = 0; i < plan.MaxTokens; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var token = sampler.Sample(context.NativeHandle, batch.TokenCount - 1);
            if (token.IsEndOfGeneration(_weights.Vocab))
            {
                yield return ("", ChatFinishReason.Stop);
                yield break;
            }

            decoder.Add(token);
            var piece = decoder.Read();
            text.Append(piece);
            var stop = plan.StopSequences.FirstOrDefault(s => s.Length > 0 && text.ToString().EndsWith(s, StringComparison.Ordinal));
            if (stop is not null)
            {
                var kept = piece.Length - stop.Length;
                if (kept > 0)
                {
                    yield return (piece[..kept], null);
                }

                yield return ("", ChatFinishReason.Stop);
                yield break;
            }

            yield return (piece, null);
            if (past + 1 >= context.ContextSize)
            {
                break;
            }

            batch.Clear();
            batch.Add(token, past++, LLamaSeqId.Zero, true);
            var decoded = await context.DecodeAsync(batch, cancellationToken).ConfigureAwait(false);
            if (decoded != DecodeResult.Ok)
            {
                throw new LLamaDecodeError(decoded);
            }

            _cachedTokens.Add(token);
        }

        yield return ("", ChatFinishReason.Length);
    }

    private static int CommonPrefix(List<LLamaToken> cached, IReadOnlyList<LLamaToken> prompt)
    {
        var n = Math.Min(cached.Count, prompt.Count);
        var i = 0;
        while (i < n && cached[i] == prompt[i])
        {
            i++;
        }

        return i;
    }

    /// <summary>
    /// Decides which part of the output streamed so far can be shown: text before any <c>&lt;tool_call&gt;</c> (everything after
    /// it is parsed at the end), without <c>&lt;think&gt;…&lt;/think&gt;</c> blocks, holding back a tail that may be the start
    /// of either tag.
    /// </summary>
    internal sealed class VisibleText(bool parseCalls)
    {
        private const string Think = "<think>";
        private const string EndThink = "</think>";

        /// <summary>Raw output handled so far (shown or skipped); the rest is parsed when generation ends.</summary>
        public int Consumed { get; private set; }

        public bool EmittedAny { get; private set; }

        private bool _inToolSection;

        public string Advance(string raw)
        {
            var sb = new StringBuilder();
            while (!_inToolSection)
            {
                if (raw.AsSpan(Consumed).StartsWith(Think, StringComparison.Ordinal))
                {
                    var close = raw.IndexOf(EndThink, Consumed, StringComparison.Ordinal);
                    if (close < 0)
                    {
                        break;
                    }

                    Consumed = close + EndThink.Length;
                    continue;
                }

                var think = raw.IndexOf(Think, Consumed, StringComparison.Ordinal);
                var call = parseCalls ? raw.IndexOf(ToolCallGrammar.OpenTag, Consumed, StringComparison.Ordinal) : -1;
                var stop = think < 0 ? call : call < 0 ? think : Math.Min(think, call);
                if (stop >= 0)
                {
                    sb.Append(raw, Consumed, stop - Consumed);
                    Consumed = stop;
                    _inToolSection = stop == call;
                    continue;
                }

                var safe = HoldBack(raw);
                sb.Append(raw, Consumed, safe - Consumed);
                Consumed = safe;
                break;
            }

            var text = EmittedAny ? sb.ToString() : sb.ToString().TrimStart();
            EmittedAny |= text.Length > 0;
            return text;
        }

        private int HoldBack(string raw)
        {
            var lt = raw.LastIndexOf('<');
            if (lt < Consumed)
            {
                return raw.Length;
            }

            var tail = raw.AsSpan(lt);
            var partial = Think.AsSpan().StartsWith(tail, StringComparison.Ordinal)
                || (parseCalls && ToolCallGrammar.OpenTag.AsSpan().StartsWith(tail, StringComparison.Ordinal));
            return partial ? lt : raw.Length;
        }
    }

    private static bool ModelTemplateWorks(LLamaWeights weights)
    {
        try
        {
            var template = new LLamaTemplate(weights) { AddAssistant = true };
            template.Add("system", "s").Add("user", "u");
            return template.Apply().Length > 0;
        }
        catch (Exception e) when (e is RuntimeError or InvalidOperationException or ArgumentException)
        {
            return false;
        }
    }

    private static string NewId(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}

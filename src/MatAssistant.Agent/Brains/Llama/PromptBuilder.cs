using LLama.Native;
using Microsoft.Extensions.AI;

namespace MatAssistant.Agent.Brains.Llama;

/// <summary>Everything one generation needs: the rendered prompt and its tokens, the grammar, and the sampling settings.</summary>
internal sealed record GenerationPlan(
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

/// <summary>
/// Turns a conversation and its <see cref="ChatOptions"/> into a <see cref="GenerationPlan"/>: system prompt with the
/// tool section in the template family's convention, earlier calls and results written back the same way, the grammar
/// the tool mode allows, and the prompt fitted to the context window.
/// </summary>
/// <remarks>
/// When the prompt does not fit <see cref="LlamaBrainOptions.ContextSize"/> with room for the answer, the oldest turns
/// before the last user message are dropped first (a whole exchange at a time), then the longest tool results are halved;
/// the system prompt and the last user message are always kept.
/// </remarks>
internal sealed class PromptBuilder(LlamaBrainOptions options, ChatTemplate template, Func<string, LLamaToken[]> tokenize)
{
    public ToolCallFormat Format => template.Format;

    /// <summary>One turn; tool results are kept apart so they can be shortened to fit the context.</summary>
    private sealed class Turn(string role, string content, int group)
    {
        public string Role { get; } = role;
        public string Content { get; set; } = content;
        public int Group { get; } = group;
        public bool HasToolCalls { get; init; }
        public List<string>? ToolResults { get; init; }
        public bool IsUserRequest => ToolResults is null && Role == "user";
    }

    public GenerationPlan Build(List<ChatMessage> messages, ChatOptions? chat)
    {
        var tools = chat?.Tools?.OfType<AIFunctionDeclaration>().ToList() ?? [];
        if (chat?.ToolMode is NoneChatToolMode)
        {
            tools = [];
        }

        var (system, turns) = BuildTurns(messages, chat);
        var lastUser = turns.FindLastIndex(t => t.IsUserRequest);
        var toolRounds = turns.Skip(lastUser + 1).Count(t => t.HasToolCalls);
        var toolsExhausted = toolRounds >= options.MaxToolRoundsPerTurn;

        string? grammar = null;
        var parse = tools.Count > 0 && !toolsExhausted;
        if (tools.Count > 0)
        {
            system = (system.Length > 0 ? system + "\n\n" : "") + Format.RenderTools(tools, options.ToolInstructions, options.CallInstructions);
            if (options.UseGrammar)
            {
                grammar = ToolGrammar(tools, chat, toolsExhausted);
            }
        }

        // Structured output: when no tool may be called, a JSON response format constrains the text to its schema.
        if (chat?.ResponseFormat is ChatResponseFormatJson json && !parse && options.UseGrammar)
        {
            grammar = ToolCallGrammar.BuildJson(json.Schema, options.GrammarLimits);
        }

        var maxTokens = Math.Min(chat?.MaxOutputTokens ?? options.MaxTokens, (int)options.ContextSize - 16);
        var (prompt, tokens) = Fit(system, turns, lastUser, maxTokens);
        var stops = new List<string>(chat?.StopSequences ?? []);
        if (template.IsFallback)
        {
            // A model without ChatML's end-of-turn token can still write it as text.
            stops.Add("<|im_end|>");
        }

        return new GenerationPlan(
            prompt, tokens, grammar, parse, maxTokens,
            chat?.Temperature ?? options.Temperature,
            chat?.TopP ?? options.TopP,
            chat?.TopK ?? options.TopK,
            chat?.Seed is { } seed ? unchecked((uint)seed) : options.Seed,
            chat?.FrequencyPenalty ?? 0,
            chat?.PresencePenalty ?? 0,
            stops);
    }

    private string ToolGrammar(List<AIFunctionDeclaration> tools, ChatOptions? chat, bool toolsExhausted)
    {
        var limits = chat?.AllowMultipleToolCalls == false ? options.GrammarLimits with { MaxToolCalls = 1 } : options.GrammarLimits;
        var mode = toolsExhausted ? ToolGrammarMode.TextOnly
            : chat?.ToolMode is RequiredChatToolMode ? ToolGrammarMode.ToolCallsOnly
            : ToolGrammarMode.TextOrToolCalls;
        var callable = chat?.ToolMode is RequiredChatToolMode { RequiredFunctionName: { } required }
            ? tools.Where(t => t.Name == required).ToList()
            : tools;
        if (callable.Count == 0)
        {
            throw new InvalidOperationException($"The required tool '{((RequiredChatToolMode)chat!.ToolMode!).RequiredFunctionName}' is not among the tools given.");
        }

        return ToolCallGrammar.Build(callable, mode, limits, Format);
    }

    private (string System, List<Turn> Turns) BuildTurns(List<ChatMessage> messages, ChatOptions? chat)
    {
        var system = new List<string>();
        if (!string.IsNullOrWhiteSpace(chat?.Instructions))
        {
            system.Add(chat.Instructions);
        }

        var turns = new List<Turn>();
        var group = 0;
        foreach (var message in messages)
        {
            var results = message.Contents.OfType<FunctionResultContent>().Select(ToolCallFormat.ResultText).ToList();
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
                    turns.Add(new Turn(Format.RenderResults([]).Role, "", group) { ToolResults = results });
                }
            }
            else if (message.Role == ChatRole.Assistant)
            {
                var calls = message.Contents.OfType<FunctionCallContent>().ToList();
                var parts = new List<string>();
                if (!string.IsNullOrWhiteSpace(message.Text))
                {
                    parts.Add(message.Text.Trim());
                }

                if (calls.Count > 0)
                {
                    parts.Add(Format.RenderCalls(calls));
                }

                turns.Add(new Turn("assistant", string.Join("\n", parts), group) { HasToolCalls = calls.Count > 0 });
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
        var budget = (int)options.ContextSize - maxTokens;
        while (true)
        {
            var prompt = Render(system, turns);
            var tokens = tokenize(prompt);
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
            if (longest.Turn is null || longest.Length <= options.MinToolResultCharacters)
            {
                throw new ContextOverflowException(
                    $"The conversation needs {tokens.Length} prompt tokens but the context of {options.ContextSize} leaves {budget} beside {maxTokens} answer tokens; raise the context size or shorten the request.");
            }

            var keep = Math.Max(options.MinToolResultCharacters, longest.Length / 2);
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

        messages.AddRange(turns.Select(t => t.ToolResults is null ? (t.Role, t.Content) : Format.RenderResults(t.ToolResults)));
        return template.Render(messages);
    }
}

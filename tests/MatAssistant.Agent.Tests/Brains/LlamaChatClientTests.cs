using System.Diagnostics;
using System.Text;
using System.Text.Json;
using MatAssistant.Agent.Brains;
using MatAssistant.Agent.Brains.Llama;
using Microsoft.Extensions.AI;
using Xunit.Abstractions;

namespace MatAssistant.Agent.Tests.Brains;

/// <summary>The LLamaSharp brain on tiny GGUF models written by the tests (no downloaded weights).</summary>
public sealed class LlamaChatClientTests(TinyModelFixture models, ITestOutputHelper output) : IClassFixture<TinyModelFixture>
{
    private static readonly AIFunctionDeclaration Screen = AIFunctionFactory.CreateDeclaration(
        "screen",
        "Screens chemical formulas for charge neutrality.",
        JsonDocument.Parse("""
            {"type": "object",
             "properties": {
               "formulas": {"type": "array", "items": {"type": "string", "maxLength": 12}, "maxItems": 3, "minItems": 1},
               "rule": {"type": "string", "enum": ["icsd", "pauling"]},
               "count": {"type": "integer"},
               "threshold": {"type": "number"},
               "strict": {"type": "boolean"}},
             "required": ["formulas", "rule", "count"]}
            """).RootElement);

    private static readonly AIFunctionDeclaration Solve = AIFunctionFactory.CreateDeclaration(
        "solve",
        "Solves an ODE.",
        JsonDocument.Parse("""{"type": "object", "properties": {"equation": {"type": "string", "maxLength": 20}}, "required": ["equation"]}""").RootElement);

    [Fact]
    public void Model_Loads_WithItsChatTemplate()
    {
        Assert.Equal(new ChatTemplateInfo("model", "chatml", "hermes", null), models.Random.Template);
        Assert.Equal(models.Random.Template, models.Random.GetService<ChatTemplateInfo>());
        var metadata = models.Random.GetService<ChatClientMetadata>();
        Assert.Equal("llama.cpp", metadata?.ProviderName);
        Assert.Equal("tiny-random", metadata?.DefaultModelId);
    }

    [Fact]
    public void Template_RendersSystemToolsCallsAndToolResponses()
    {
        List<ChatMessage> conversation =
        [
            new(ChatRole.System, "You are a materials assistant."),
            new(ChatRole.User, "Screen LiMnO2."),
            new(ChatRole.Assistant, [new FunctionCallContent("call_1", "screen", new Dictionary<string, object?> { ["formulas"] = new[] { "LiMnO2" } })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "charge neutral")]),
        ];

        var prompt = models.Random.RenderPrompt(conversation, new ChatOptions { Tools = [Screen] });

        Assert.StartsWith("<|im_start|>system\nYou are a materials assistant.\n\n# Tools", prompt, StringComparison.Ordinal);
        Assert.Contains("<tools>\n{\"type\":\"function\",\"function\":{\"name\":\"screen\",\"description\":\"Screens chemical formulas for charge neutrality.\",\"parameters\":{", prompt, StringComparison.Ordinal);
        Assert.Contains("<|im_start|>user\nScreen LiMnO2.<|im_end|>", prompt, StringComparison.Ordinal);
        Assert.Contains("<|im_start|>assistant\n<tool_call>\n{\"name\": \"screen\", \"arguments\": {\"formulas\":[\"LiMnO2\"]}}\n</tool_call><|im_end|>", prompt, StringComparison.Ordinal);
        Assert.Contains("<|im_start|>user\n<tool_response>\ncharge neutral\n</tool_response><|im_end|>", prompt, StringComparison.Ordinal);
        Assert.EndsWith("<|im_start|>assistant\n", prompt, StringComparison.Ordinal);
    }


    [Theory]
    [InlineData(1u, 0.0f)]
    [InlineData(2u, 1.0f)]
    [InlineData(3u, 1.5f)]
    [InlineData(4u, 2.0f)]
    public async Task RequiredToolMode_GrammarGivesSchemaValidToolCall(uint seed, float temperature)
    {
        var response = await models.Random.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "Screen some lithium oxides.")],
            new ChatOptions { Tools = [Screen, Solve], ToolMode = ChatToolMode.RequireAny, Seed = seed, Temperature = temperature, MaxOutputTokens = 400 });

        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        Assert.NotEmpty(calls);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        foreach (var call in calls)
        {
            Assert.Null(call.Exception);
            Assert.StartsWith("call_", call.CallId, StringComparison.Ordinal);
            Assert.Contains(call.Name, new[] { "screen", "solve" });
            AssertMatchesSchema(call.Name == "screen" ? Screen.JsonSchema : Solve.JsonSchema, JsonSerializer.SerializeToElement(call.Arguments));
        }

        Assert.Equal(calls.Count, calls.Select(c => c.CallId).Distinct().Count());
    }

    [Theory]
    [InlineData(5u)]
    [InlineData(6u)]
    public async Task GrammarWithEveryConstruct_IsAcceptedByLlamaCpp_AndGivesParsableCalls(uint seed)
    {
        var response = await models.Random.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "Screen.")],
            new ChatOptions { Tools = [ToolFormatTests.EveryConstruct], ToolMode = ChatToolMode.RequireAny, Seed = seed, Temperature = 1, MaxOutputTokens = 600 });

        var call = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().First();
        Assert.Null(call.Exception);
        Assert.True(call.Arguments!.ContainsKey("formulas") && call.Arguments.ContainsKey("count"));
    }

    [Fact]
    public async Task RequiredSpecificTool_CallsThatTool()
    {
        var response = await models.Random.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "Solve it.")],
            new ChatOptions { Tools = [Screen, Solve], ToolMode = ChatToolMode.RequireSpecific("solve"), AllowMultipleToolCalls = false });

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("solve", call.Name);
        AssertMatchesSchema(Solve.JsonSchema, JsonSerializer.SerializeToElement(call.Arguments));
    }

    [Fact]
    public async Task AutoToolMode_ToolHappyModelCallsATool()
    {
        var response = await models.ToolHappy.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "Screen LiCoO2.")],
            new ChatOptions { Tools = [Screen], MaxOutputTokens = 400 });

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("screen", call.Name);
        Assert.Empty(response.Text);
    }

    /// <summary>Regression: a tool call cut off by the token limit came back as raw "&lt;tool_call&gt;{..." text.</summary>
    [Fact]
    public async Task ToolCallCutOffByTheTokenLimit_GivesANoticeNotRawJson()
    {
        var response = await models.ToolHappy.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "Screen LiCoO2.")],
            new ChatOptions { Tools = [Screen], MaxOutputTokens = 30 });

        Assert.Empty(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal(LlamaChatClient.CutOffToolCallNotice, response.Text);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task JsonResponseFormat_GivesJsonMatchingTheSchema(bool withSchema)
    {
        var schema = JsonDocument.Parse("""
            {"type": "object", "properties": {"formula": {"type": "string", "maxLength": 10}, "stable": {"type": "boolean"}, "gap": {"type": "number"}},
             "required": ["formula", "stable", "gap"]}
            """).RootElement;
        var format = withSchema ? ChatResponseFormat.ForJsonSchema(schema, "verdict") : ChatResponseFormat.Json;

        // Tight grammar bounds so a random model's free-form JSON object ends within the token budget.
        using var client = new LlamaChatClient(TinyModelFixture.Options(models.RandomPath) with { GrammarLimits = new ToolGrammarLimits(MaxStringLength: 8, MaxArrayItems: 2) });
        var response = await client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "Is LiFePO4 stable?")],
            new ChatOptions { ResponseFormat = format, Temperature = 1, Seed = 3, MaxOutputTokens = 600 });

        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        using var parsed = JsonDocument.Parse(response.Text);
        Assert.Equal(JsonValueKind.Object, parsed.RootElement.ValueKind);
        if (withSchema)
        {
            AssertMatchesSchema(schema, parsed.RootElement);
        }
    }

    [Fact]
    public async Task NoneToolMode_GivesTextOnly()
    {
        var response = await models.ToolHappy.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "Screen LiCoO2.")],
            new ChatOptions { Tools = [Screen], ToolMode = ChatToolMode.None, MaxOutputTokens = 24 });

        Assert.Empty(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.NotEmpty(response.Text);
        Assert.DoesNotContain("<tools>", models.ToolHappy.RenderPrompt([new ChatMessage(ChatRole.User, "x")], new ChatOptions { Tools = [Screen], ToolMode = ChatToolMode.None }), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SameSeed_SameOutput_EvenWhenSampling()
    {
        var options = new ChatOptions { Temperature = 1.2f, Seed = 99, MaxOutputTokens = 40 };
        List<ChatMessage> conversation = [new(ChatRole.User, "Tell me about perovskites.")];

        var first = await models.Random.GetResponseAsync(conversation, options);
        var second = await models.Random.GetResponseAsync(conversation, options);

        Assert.False(string.IsNullOrEmpty(first.Text));
        Assert.Equal(first.Text, second.Text);
    }

    [Fact]
    public async Task PromptCache_GivesTheSameOutputAsFreshEvaluation_AndSkipsTheSharedPrefix()
    {
        using var cached = new LlamaChatClient(TinyModelFixture.Options(models.RandomPath));
        using var fresh = new LlamaChatClient(TinyModelFixture.Options(models.RandomPath) with { ReusePromptCache = false });
        var options = new ChatOptions { Temperature = 1f, Seed = 5, MaxOutputTokens = 20 };
        var conversation = new List<ChatMessage>
        {
            new(ChatRole.System, "You are a materials assistant. " + string.Concat(Enumerable.Repeat("Cite the corpus. ", 20))),
            new(ChatRole.User, "What is a perovskite?"),
        };
        conversation.AddRange((await cached.GetResponseAsync(conversation, options)).Messages);
        conversation.Add(new ChatMessage(ChatRole.User, "And a spinel?"));
        var promptTokens = cached.CountTokens(cached.RenderPrompt(conversation));

        var before = cached.PromptTokensEvaluated;
        var second = await cached.GetResponseAsync(conversation, options);
        var evaluated = cached.PromptTokensEvaluated - before;
        var reference = await fresh.GetResponseAsync(conversation, options);

        Assert.Equal(reference.Text, second.Text);
        Assert.Equal(promptTokens, fresh.PromptTokensEvaluated);
        Assert.True(evaluated < promptTokens / 4, $"{evaluated} of {promptTokens} prompt tokens evaluated");
    }

    [Fact]
    public async Task Streaming_YieldsPiecesThatAddUpToTheResponse()
    {
        var options = new ChatOptions { MaxOutputTokens = 30 };
        List<ChatMessage> conversation = [new(ChatRole.User, "Hello")];
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in models.Random.GetStreamingResponseAsync(conversation, options))
        {
            updates.Add(update);
        }

        var whole = await models.Random.GetResponseAsync(conversation, options);
        Assert.True(updates.Count(u => u.Text.Length > 0) > 5, "text arrives token by token");
        Assert.Equal(whole.Text, string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(ChatFinishReason.Length, updates[^1].FinishReason);
        var usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.Equal(30, usage.Details.OutputTokenCount);
    }

    [Fact]
    public async Task AfterMaxToolRounds_AnswersInText()
    {
        using var client = new LlamaChatClient(TinyModelFixture.Options(models.ToolHappyPath) with { MaxToolRoundsPerTurn = 1, MaxTokens = 20 });
        List<ChatMessage> conversation =
        [
            new(ChatRole.User, "Screen LiCoO2."),
            new(ChatRole.Assistant, [new FunctionCallContent("call_1", "screen", new Dictionary<string, object?> { ["formulas"] = new[] { "LiCoO2" } })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "neutral")]),
        ];

        var response = await client.GetResponseAsync(conversation, new ChatOptions { Tools = [Screen] });

        Assert.Empty(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.NotEmpty(response.Text);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
    }

    [Fact]
    public void ContextWindow_DropsOldTurnsAndShortensToolResults_KeepingSystemAndLastQuestion()
    {
        using var client = new LlamaChatClient(TinyModelFixture.Options(models.RandomPath) with { ContextSize = 1024, MaxTokens = 100 });
        var conversation = new List<ChatMessage> { new(ChatRole.System, "SYSTEM PROMPT") };
        for (var i = 0; i < 20; i++)
        {
            conversation.Add(new ChatMessage(ChatRole.User, $"old question {i} " + new string('q', 60)));
            conversation.Add(new ChatMessage(ChatRole.Assistant, $"old answer {i} " + new string('a', 60)));
        }

        conversation.Add(new ChatMessage(ChatRole.User, "LAST QUESTION"));
        conversation.Add(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c1", "solve", new Dictionary<string, object?> { ["equation"] = "dy/dt=-y" })]));
        conversation.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent("c1", "RESULT " + new string('r', 3000))]));

        var prompt = client.RenderPrompt(conversation);

        Assert.True(client.CountTokens(prompt) <= 1024 - 100);
        Assert.StartsWith("<|im_start|>system\nSYSTEM PROMPT<|im_end|>", prompt, StringComparison.Ordinal);
        Assert.Contains("LAST QUESTION", prompt, StringComparison.Ordinal);
        Assert.Contains("<tool_response>\nRESULT rrr", prompt, StringComparison.Ordinal);
        Assert.Contains("[truncated to fit the context window]", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("old question 0 ", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void ContextWindow_TooLongQuestion_SaysSo()
    {
        using var client = new LlamaChatClient(TinyModelFixture.Options(models.RandomPath) with { ContextSize = 256, MaxTokens = 100 });
        var error = Assert.Throws<ContextOverflowException>(() => client.RenderPrompt([new ChatMessage(ChatRole.User, new string('x', 1000))]));
        Assert.Contains("raise the context size", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingOrNonGgufModel_IsAConfigurationError()
    {
        var missing = Assert.Throws<BrainConfigurationException>(() => BrainFactory.CreateLlama(new LlamaBrainOptions("/nonexistent/model.gguf")));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);

        var notGguf = Path.Combine(models.Directory, "notes.txt");
        File.WriteAllText(notGguf, "not a model");
        var wrong = Assert.Throws<BrainConfigurationException>(() => BrainFactory.CreateLlama(new LlamaBrainOptions(notGguf)));
        Assert.Contains("not a GGUF model", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingNativeLibrary_IsAConfigurationError()
    {
        var error = Assert.Throws<BrainConfigurationException>(() => LlamaNativeLibrary.Configure("/nonexistent/libllama.so"));
        Assert.Contains(LlamaNativeLibrary.LibraryVariable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TinyModel_Speed_IsReported()
    {
        var stopwatch = Stopwatch.StartNew();
        var response = await models.Random.GetResponseAsync([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { MaxOutputTokens = 100 });
        stopwatch.Stop();
        var usage = response.Usage;
        Assert.NotNull(usage);
        Assert.Equal(100, usage.OutputTokenCount);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"{stopwatch.Elapsed.TotalSeconds:F1} s for 100 tokens");
        output.WriteLine(FormattableString.Invariant(
            $"tiny model, 1 thread: {usage.InputTokenCount} prompt + {usage.OutputTokenCount} generated tokens in {stopwatch.Elapsed.TotalMilliseconds:F0} ms ({(usage.InputTokenCount + usage.OutputTokenCount) / stopwatch.Elapsed.TotalSeconds:F0} tokens/s overall)"));
    }

    /// <summary>A small JSON-schema check covering what <see cref="ToolCallGrammar"/> promises.</summary>
    internal static void AssertMatchesSchema(JsonElement schema, JsonElement value)
    {
        if (schema.TryGetProperty("enum", out var values))
        {
            Assert.Contains(values.EnumerateArray(), v => JsonElement.DeepEquals(v, value));
            return;
        }

        switch (schema.GetProperty("type").GetString())
        {
            case "object":
                Assert.Equal(JsonValueKind.Object, value.ValueKind);
                var properties = schema.GetProperty("properties");
                foreach (var required in schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()!) : [])
                {
                    Assert.True(value.TryGetProperty(required, out _), $"required property {required} missing in {value}");
                }

                foreach (var property in value.EnumerateObject())
                {
                    Assert.True(properties.TryGetProperty(property.Name, out var propertySchema), $"unknown property {property.Name}");
                    AssertMatchesSchema(propertySchema, property.Value);
                }

                break;
            case "array":
                Assert.Equal(JsonValueKind.Array, value.ValueKind);
                if (schema.TryGetProperty("maxItems", out var max))
                {
                    Assert.InRange(value.GetArrayLength(), schema.TryGetProperty("minItems", out var min) ? min.GetInt32() : 0, max.GetInt32());
                }

                foreach (var item in value.EnumerateArray())
                {
                    AssertMatchesSchema(schema.GetProperty("items"), item);
                }

                break;
            case "string":
                Assert.Equal(JsonValueKind.String, value.ValueKind);
                if (schema.TryGetProperty("maxLength", out var maxLength))
                {
                    // Schema lengths count characters (code points), as the grammar does; .NET's Length counts UTF-16 units. A random
                    // model can also emit byte tokens that are not valid UTF-8: the decoder turns those into several U+FFFD where
                    // the grammar saw fewer characters, so replacement characters are not counted.
                    var characters = value.GetString()!.EnumerateRunes().Count(c => c != Rune.ReplacementChar);
                    Assert.True(characters <= maxLength.GetInt32(), $"{value} is longer than {maxLength}");
                }

                break;
            case "integer":
                Assert.True(value.TryGetInt32(out _), $"{value} is not an int");
                break;
            case "number":
                Assert.True(value.TryGetDouble(out _), $"{value} is not a number");
                break;
            case "boolean":
                Assert.True(value.ValueKind is JsonValueKind.True or JsonValueKind.False);
                break;
            default:
                Assert.Fail($"schema type {schema.GetProperty("type")} not covered");
                break;
        }
    }
}

using System.Text.Json;
using MatAssistant.Agent.Brains;
using MatAssistant.Agent.Brains.Llama;
using MatAssistant.Agent.Tests.Brains.Gguf;
using Microsoft.Extensions.AI;

namespace MatAssistant.Agent.Tests.Brains;

/// <summary>
/// Tiny GGUF models carrying the real Jinja chat templates of Qwen2.5-Instruct, Llama-3.1-Instruct and
/// Mistral-Nemo-Instruct (TestData/Brains/ChatTemplates, sources in SOURCES.md), one with no template and one with a
/// template llama.cpp does not recognise.
/// </summary>
public sealed class TemplateModelsFixture : IDisposable
{
    public static readonly string[] Families = ["Qwen-Qwen2.5-7B-Instruct", "meta-llama-Llama-3.1-8B-Instruct", "mistralai-Mistral-Nemo-Instruct-2407"];

    private readonly Dictionary<string, LlamaChatClient> _clients = [];

    public TemplateModelsFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "matassist-templates-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(Directory);
        foreach (var family in Families)
        {
            Add(family, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Brains", "ChatTemplates", family + ".jinja")));
        }

        Add("none", null);
        Add("unknown", "{% for m in messages %}<<{{ m.role }}>>{{ m.content }}{% endfor %}");
    }

    public string Directory { get; }

    public LlamaChatClient this[string name] => _clients[name];

    public string PathOf(string name) => Path.Combine(Directory, name + ".gguf");

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private void Add(string name, string? template)
    {
        TinyLlama.Write(PathOf(name), new TinyLlama.Spec(Seed: 7, ChatTemplate: template));
        _clients[name] = new LlamaChatClient(TinyModelFixture.Options(PathOf(name)));
    }
}

/// <summary>Prompts rendered through real and named chat templates, and each family's tool-call format written and decoded.</summary>
public sealed class ChatTemplateFamilyTests(TemplateModelsFixture models) : IClassFixture<TemplateModelsFixture>
{
    private static readonly AIFunctionDeclaration Screen = AIFunctionFactory.CreateDeclaration(
        "screen",
        "Screens chemical formulas for charge neutrality.",
        JsonDocument.Parse("""
            {"type": "object",
             "properties": {"formulas": {"type": "array", "items": {"type": "string", "maxLength": 12}, "maxItems": 2, "minItems": 1},
                            "count": {"type": "integer"}},
             "required": ["formulas", "count"]}
            """).RootElement);

    private static readonly List<ChatMessage> ToolRound =
    [
        new(ChatRole.System, "You are a materials assistant."),
        new(ChatRole.User, "Screen LiMnO2."),
        new(ChatRole.Assistant, [new FunctionCallContent("call_1", "screen", new Dictionary<string, object?> { ["formulas"] = new[] { "LiMnO2" }, ["count"] = 1 })]),
        new(ChatRole.Tool, [new FunctionResultContent("call_1", "charge neutral")]),
    ];

    /// <summary>Per family: llama.cpp's reading of the real template, the tool section, the call and result written back, the answer's opening.</summary>
    [Theory]
    [InlineData("Qwen-Qwen2.5-7B-Instruct", "chatml", "hermes",
        "<|im_start|>system\nYou are a materials assistant.\n\n# Tools\n\nYou may call one or more functions",
        "<tools>\n{\"type\":\"function\",\"function\":{\"name\":\"screen\",\"description\":\"Screens chemical formulas for charge neutrality.\"",
        "<|im_start|>assistant\n<tool_call>\n{\"name\": \"screen\", \"arguments\": {\"formulas\":[\"LiMnO2\"],\"count\":1}}\n</tool_call><|im_end|>",
        "<|im_start|>user\n<tool_response>\ncharge neutral\n</tool_response><|im_end|>",
        "<|im_start|>assistant\n")]
    [InlineData("meta-llama-Llama-3.1-8B-Instruct", "llama3", "llama3-json",
        "<|start_header_id|>system<|end_header_id|>\n\nYou are a materials assistant.\n\nYou have access to the following functions.",
        "{\n  \"type\": \"function\",\n  \"function\": {\n    \"name\": \"screen\",",
        "<|start_header_id|>assistant<|end_header_id|>\n\n{\"name\": \"screen\", \"parameters\": {\"formulas\":[\"LiMnO2\"],\"count\":1}}<|eot_id|>",
        "<|start_header_id|>ipython<|end_header_id|>\n\ncharge neutral<|eot_id|>",
        "<|start_header_id|>assistant<|end_header_id|>\n\n")]
    [InlineData("mistralai-Mistral-Nemo-Instruct-2407", "mistral", "mistral",
        "[INST]You are a materials assistant.\n\n[AVAILABLE_TOOLS][{\"type\":\"function\"",
        "\"name\":\"screen\",\"description\":\"Screens chemical formulas for charge neutrality.\"",
        "[/INST][TOOL_CALLS][{\"name\": \"screen\", \"arguments\": {\"formulas\":[\"LiMnO2\"],\"count\":1}}]</s>",
        "[INST][TOOL_RESULTS]{\"content\": \"charge neutral\"}[/TOOL_RESULTS][/INST]",
        "[/INST]")]
    public void RealTemplate_RendersTheFamilysStructure(string model, string family, string format, string start, string tools, string call, string result, string end)
    {
        var client = models[model];
        Assert.Equal(new ChatTemplateInfo("model", family, format, null), client.Template);

        var prompt = client.RenderPrompt(ToolRound, new ChatOptions { Tools = [Screen] });

        Assert.StartsWith(start, prompt, StringComparison.Ordinal);
        Assert.Contains(tools, prompt, StringComparison.Ordinal);
        Assert.Contains("\"required\":[\"formulas\",\"count\"]", prompt.Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("Screen LiMnO2.", prompt, StringComparison.Ordinal);
        Assert.Contains(call, prompt, StringComparison.Ordinal);
        Assert.Contains(result, prompt, StringComparison.Ordinal);
        Assert.EndsWith(end, prompt, StringComparison.Ordinal);
    }

    /// <summary>The grammar makes each family's model write its own call format, and the client decodes it into a schema-valid call.</summary>
    [Theory]
    [InlineData("Qwen-Qwen2.5-7B-Instruct", "call ::= \"<tool_call>\\n\" ( t0-call ) \"\\n</tool_call>\"", "arguments")]
    [InlineData("meta-llama-Llama-3.1-8B-Instruct", "calls ::= call\n", "parameters")]
    [InlineData("mistralai-Mistral-Nemo-Instruct-2407", "calls ::= \"[TOOL_CALLS][\" call ( \", \" call ){0,3} \"]\"", "arguments")]
    public async Task RealTemplate_ToolCallInTheFamilysFormat_IsDecoded(string model, string envelopeRule, string argumentsKey)
    {
        var client = models[model];
        var options = new ChatOptions { Tools = [Screen], ToolMode = ChatToolMode.RequireAny, Temperature = 1, Seed = 3, MaxOutputTokens = 300 };
        var conversation = new List<ChatMessage> { new(ChatRole.User, "Screen some lithium oxides.") };

        var grammar = client.RenderGrammar(conversation, options)!;
        var response = await client.GetResponseAsync(conversation, options);

        Assert.Contains(envelopeRule, grammar, StringComparison.Ordinal);
        Assert.Contains($"\"\\\"{argumentsKey}\\\"\"", grammar, StringComparison.Ordinal);
        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        Assert.NotEmpty(calls);
        Assert.All(calls, call =>
        {
            Assert.Null(call.Exception);
            Assert.Equal("screen", call.Name);
            LlamaChatClientTests.AssertMatchesSchema(Screen.JsonSchema, JsonSerializer.SerializeToElement(call.Arguments));
        });
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Empty(response.Text);
    }

    /// <summary>Decoding each family's output as real models write it: text, one call, several calls, and what is not a call.</summary>
    [Theory]
    [InlineData("hermes", "Checking.\n<tool_call>\n{\"name\": \"screen\", \"arguments\": {\"formulas\": [\"LiFePO4\"]}}\n</tool_call>", "Checking.", "screen")]
    [InlineData("hermes", "<tool_call>{\"name\": \"a\", \"arguments\": {}}</tool_call>\n<tool_call>{\"name\": \"b\", \"arguments\": {}}</tool_call>", "", "a,b")]
    [InlineData("llama3-json", "{\"name\": \"screen\", \"parameters\": {\"formulas\": [\"LiFePO4\"]}}", "", "screen")]
    [InlineData("llama3-json", "<|python_tag|>{\"name\": \"solve\", \"parameters\": {\"t1\": 10}}", "", "solve")]
    [InlineData("llama3-json", "  {\"name\": \"screen\", \"arguments\": {}}", "", "screen")]
    [InlineData("llama3-json", "The answer is {x}.", "The answer is {x}.", "")]
    [InlineData("llama3-json", "{\"formula\": \"LiFePO4\"}", "{\"formula\": \"LiFePO4\"}", "")]
    [InlineData("llama3-json", "{\"name\": \"solve\", \"parameters\": {\"t1\": 1", "", "")]
    [InlineData("mistral", "[TOOL_CALLS][{\"name\": \"screen\", \"arguments\": {\"formulas\": [\"NaCl\"]}, \"id\": \"abcdef123\"}]", "", "screen")]
    [InlineData("mistral", "Let me check. [TOOL_CALLS][{\"name\": \"a\", \"arguments\": {}}, {\"name\": \"b\", \"arguments\": {\"x\": 1}}]", "Let me check.", "a,b")]
    [InlineData("mistral", "[TOOL_CALLS] not json", "[TOOL_CALLS] not json", "")]
    [InlineData("mistral", "[TOOL_CALLS][{\"name\": \"screen\", \"argum", "", "")]
    [InlineData("mistral", "[TOOL_CALLS][{\"name\": \"a\", \"arguments\": {}}, {\"name\": \"b\", \"argum", "", "a")]
    [InlineData("mistral", "Plain answer.", "Plain answer.", "")]
    public void Decode_EachFamilysOutput(string format, string output, string text, string calls)
    {
        var decoder = ToolCallFormat.Named(format);
        var ids = 0;

        var contents = decoder.Parse(output, () => $"call_{++ids}");

        Assert.Equal(text, string.Concat(contents.OfType<TextContent>().Select(t => t.Text)));
        var parsed = contents.OfType<FunctionCallContent>().ToList();
        Assert.Equal(calls, string.Join(",", parsed.Select(c => c.Name)));
        Assert.All(parsed, c => Assert.Null(c.Exception));
    }

    /// <summary>A written-back call in each family's format decodes to the same call.</summary>
    [Theory]
    [InlineData("hermes")]
    [InlineData("llama3-json")]
    [InlineData("mistral")]
    public void RenderCalls_RoundTripsThroughDecoding(string format)
    {
        var codec = ToolCallFormat.Named(format);
        var original = new FunctionCallContent("c", "generate", new Dictionary<string, object?> { ["count"] = 10, ["include"] = new[] { "Li", "O" } });

        var parsed = Assert.Single(codec.Parse(codec.RenderCalls([original]), () => "call_1").OfType<FunctionCallContent>());

        Assert.Equal("generate", parsed.Name);
        Assert.Equal("""{"count":10,"include":["Li","O"]}""", JsonSerializer.Serialize(parsed.Arguments));
    }

    /// <summary>Streaming hides each family's call as it is written, token by token, and shows the text before it.</summary>
    [Theory]
    [InlineData("hermes", "Checking. <tool_call>\n{\"name\": \"a\"}", "Checking. ")]
    [InlineData("llama3-json", " {\"name\": \"a\", \"parameters\": {}}", "")]
    [InlineData("llama3-json", "Sets {a, b} differ.", "Sets {a, b} differ.")]
    [InlineData("mistral", "Checking. [TOOL_CALLS][{\"name\": \"a\"}]", "Checking. ")]
    [InlineData("mistral", "See [1] and [2].", "See [1] and [2].")]
    public void Streaming_HidesEachFamilysCalls(string format, string output, string shown)
    {
        var filter = new StreamFilter(ToolCallFormat.Named(format));
        var emitted = new System.Text.StringBuilder();
        for (var i = 1; i <= output.Length; i++)
        {
            emitted.Append(filter.Advance(output[..i]));
        }

        Assert.Equal(shown, emitted.ToString());
        Assert.Equal(shown.Length < output.Trim().Length, filter.InToolSection);
    }

    /// <summary>
    /// LLamaSharp 0.30's named templates (llama.cpp's built-ins) given as <see cref="LlamaBrainOptions.ChatTemplate"/>:
    /// system prompt, tool list and question all reach the prompt, each in the family's layout. Gemma and Mistral v1/v3
    /// have no system turn: the system prompt is folded into the first user turn.
    /// </summary>
    [Theory]
    [InlineData("chatml", "chatml", "hermes", "<|im_start|>system\nSYS", "<|im_start|>assistant\n")]
    [InlineData("llama3", "llama3", "llama3-json", "<|start_header_id|>system<|end_header_id|>\n\nSYS", "<|start_header_id|>assistant<|end_header_id|>\n\n")]
    [InlineData("mistral-v7", "mistral", "mistral", "[SYSTEM_PROMPT] SYS", "[INST] QUESTION[/INST]")]
    [InlineData("mistral-v3", "mistral", "mistral", "[INST] SYS", "QUESTION[/INST]")]
    [InlineData("mistral-v1", "mistral", "mistral", " [INST] SYS", "QUESTION [/INST]")]
    [InlineData("gemma", "other", "hermes", "<start_of_turn>user\nSYS", "<start_of_turn>model\n")]
    [InlineData("phi3", "other", "hermes", "<|system|>\nSYS", "<|assistant|>\n")]
    [InlineData("deepseek3", "other", "hermes", "SYS", "<｜Assistant｜>")]
    public void NamedTemplate_RendersSystemToolsAndQuestion(string name, string family, string format, string start, string end)
    {
        using var client = new LlamaChatClient(TinyModelFixture.Options(models.PathOf("none")) with { ChatTemplate = name });
        Assert.Equal(("named", family, format), (client.Template.Source, client.Template.Family, client.Template.ToolCallFormat));
        Assert.Equal(family == "other", client.Template.Warning is not null);

        var prompt = client.RenderPrompt([new ChatMessage(ChatRole.System, "SYS"), new ChatMessage(ChatRole.User, "QUESTION")], new ChatOptions { Tools = [Screen] });

        Assert.StartsWith(start, prompt, StringComparison.Ordinal);
        Assert.EndsWith(end, prompt, StringComparison.Ordinal);
        Assert.Contains("Screens chemical formulas for charge neutrality.", prompt, StringComparison.Ordinal);
        Assert.True(prompt.IndexOf("SYS", StringComparison.Ordinal) < prompt.IndexOf("QUESTION", StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownTemplateName_IsAConfigurationError()
    {
        var error = Assert.Throws<BrainConfigurationException>(() => new LlamaChatClient(TinyModelFixture.Options(models.PathOf("none")) with { ChatTemplate = "no-such-template" }));
        Assert.Contains("'no-such-template'", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Regression: a template llama.cpp could not apply was replaced by ChatML silently (the flag saying so was read nowhere).</summary>
    [Theory]
    [InlineData("unknown", "not one llama.cpp recognises")]
    [InlineData("none", "carries no chat template")]
    public void TemplateThatCannotBeApplied_FallsBackToChatMl_WithAWarning(string model, string reason)
    {
        var client = models[model];

        Assert.Equal("chatml-fallback", client.Template.Source);
        Assert.Contains(reason, client.Template.Warning, StringComparison.Ordinal);
        Assert.Contains("--chat-template", client.Template.Warning, StringComparison.Ordinal);
        Assert.Equal(
            ChatTemplate.RenderChatMl([("system", "sys"), ("user", "hello")]),
            client.RenderPrompt([new ChatMessage(ChatRole.System, "sys"), new ChatMessage(ChatRole.User, "hello")]));
    }
}

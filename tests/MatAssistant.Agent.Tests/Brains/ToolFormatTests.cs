using System.Text.Json;
using MatAssistant.Agent.Brains.Llama;
using Microsoft.Extensions.AI;

namespace MatAssistant.Agent.Tests.Brains;

/// <summary>Parsing of Hermes/Qwen tool calls and the generated GBNF grammar.</summary>
public sealed class ToolFormatTests
{
    /// <summary>A tool whose schema uses every construct the grammar generator supports.</summary>
    internal static readonly AIFunctionDeclaration EveryConstruct = AIFunctionFactory.CreateDeclaration("screen", "Screens formulas.", JsonDocument.Parse("""
        {"type": "object",
         "properties": {
           "formulas": {"type": "array", "items": {"type": "string"}, "maxItems": 3},
           "rule": {"enum": ["icsd", "pauling"]},
           "count": {"type": "integer"},
           "window": {"type": "object", "properties": {"min": {"type": "number"}, "max": {"type": "number"}}},
           "strict": {"type": "boolean"},
           "note": {"type": ["string", "null"]},
           "extra": {}},
         "required": ["formulas", "count"]}
        """).RootElement);

    private static int _ids;

    private static string NextId() => $"call_{Interlocked.Increment(ref _ids)}";

    [Theory]
    [InlineData("Just an answer.", "Just an answer.", new string[0])]
    [InlineData("<tool_call>\n{\"name\": \"screen\", \"arguments\": {\"formulas\": [\"LiFePO4\"]}}\n</tool_call>", "", new[] { "screen" })]
    [InlineData("Let me check.\n<tool_call>{\"name\": \"a\", \"arguments\": {}}</tool_call>\n<tool_call>{\"name\": \"b\", \"arguments\": {\"x\": 1}}</tool_call>", "Let me check.", new[] { "a", "b" })]
    [InlineData("<tool_call>\n{\"name\": \"solve\", \"arguments\": {\"t1\": 10}}", "", new[] { "solve" })]
    [InlineData("<think>The user wants a screen.</think>\n<tool_call>{\"name\": \"screen\", \"arguments\": {}}</tool_call>", "", new[] { "screen" })]
    [InlineData("Checking. <tool_call>\n{\"name\": \"solve\", \"arguments\": {\"t1\": 1", "Checking.", new string[0])]
    [InlineData("<tool_call>not json</tool_call>", "<tool_call>not json</tool_call>", new string[0])]
    [InlineData("<tool_call>{\"arguments\": {}}</tool_call>", "<tool_call>{\"arguments\": {}}</tool_call>", new string[0])]
    public void Parse_SplitsTextAndCalls(string output, string expectedText, string[] expectedCalls)
    {
        var contents = ToolCallFormat.Hermes.Parse(output, NextId);

        Assert.Equal(expectedText, string.Concat(contents.OfType<TextContent>().Select(t => t.Text)));
        var calls = contents.OfType<FunctionCallContent>().ToList();
        Assert.Equal(expectedCalls, calls.Select(c => c.Name));
        Assert.All(calls, c => Assert.Null(c.Exception));
        Assert.Equal(calls.Count, calls.Select(c => c.CallId).Distinct().Count());
    }

    /// <summary>Streaming shows text as it comes but never a tool call or a reasoning block, even split across tokens.</summary>
    [Theory]
    [InlineData(true, "Let me check.\n<tool_call>{\"name\": \"a\"}</tool_call>", "Let me check.\n", "<tool_call>{\"name\": \"a\"}</tool_call>")]
    [InlineData(true, "<think>plan</think>\n\nThe answer is 4 < 5.", "The answer is 4 < 5.", "")]
    [InlineData(false, "  <think>a</think>Plain <tool_call> text", "Plain <tool_call> text", "")]
    [InlineData(true, "x <tool_ca", "x ", "<tool_ca")]
    public void Streaming_ShowsTextButHoldsBackCallsAndThinking(bool parseCalls, string output, string shown, string parsedAtEnd)
    {
        var visible = new StreamFilter(parseCalls ? ToolCallFormat.Hermes : null);
        var emitted = new System.Text.StringBuilder();
        for (var i = 1; i <= output.Length; i++)
        {
            emitted.Append(visible.Advance(output[..i]));
        }

        Assert.Equal(shown, emitted.ToString());
        Assert.Equal(parsedAtEnd, output[visible.Consumed..]);
    }

    [Fact]
    public void Parse_ArgumentsThatAreNotAnObject_GiveACallCarryingTheError()
    {
        var call = Assert.Single(ToolCallFormat.Hermes.Parse("<tool_call>{\"name\": \"screen\", \"arguments\": [1, 2]}</tool_call>", NextId).OfType<FunctionCallContent>());
        Assert.NotNull(call.Exception);
    }

    [Fact]
    public void RenderCall_RoundTripsThroughParse()
    {
        var original = new FunctionCallContent("call_x", "generate", new Dictionary<string, object?> { ["count"] = 10, ["include"] = new[] { "Li", "Mn", "O" } });
        var parsed = Assert.Single(ToolCallFormat.Hermes.Parse(ToolCallFormat.Hermes.RenderCall(original), NextId).OfType<FunctionCallContent>());

        Assert.Equal("generate", parsed.Name);
        Assert.Equal("""{"count":10,"include":["Li","Mn","O"]}""", JsonSerializer.Serialize(parsed.Arguments));
    }

    /// <summary>
    /// The grammar for a schema with every supported construct, compared with a golden file. When the generator changes on
    /// purpose, delete the file and run the test once to write the new one, then review the diff.
    /// </summary>
    [Fact]
    public void Grammar_MatchesGolden()
    {
        var grammar = ToolCallGrammar.Build([EveryConstruct], ToolGrammarMode.TextOrToolCalls);

        // Read from the source tree (not copied to the output), so the test project file needs no entry for it.
        var golden = Path.Combine(FindRepoTestData(), "screen-tool.gbnf");
        if (!File.Exists(golden))
        {
            File.WriteAllText(golden, grammar);
            Assert.Fail($"Golden grammar written to {golden}; review it and run again.");
        }

        Assert.Equal(File.ReadAllText(golden), grammar);
    }

    [Fact]
    public void Grammar_ToolCallsOnly_HasNoTextRule_AndBoundsEveryRepetition()
    {
        var tool = AIFunctionFactory.CreateDeclaration("solve", null,
            JsonDocument.Parse("""{"type": "object", "properties": {"equations": {"type": "array", "items": {"type": "string"}}}}""").RootElement);

        var grammar = ToolCallGrammar.Build([tool], ToolGrammarMode.ToolCallsOnly, new ToolGrammarLimits(MaxToolCalls: 2, MaxStringLength: 50, MaxArrayItems: 5));

        Assert.StartsWith("root ::= calls\n", grammar, StringComparison.Ordinal);
        Assert.DoesNotContain("text ::=", grammar, StringComparison.Ordinal);
        Assert.DoesNotContain("*", grammar, StringComparison.Ordinal);
        Assert.DoesNotContain("+", grammar.Replace("[-+]", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("{0,1}", grammar, StringComparison.Ordinal);
        Assert.Contains("char{0,50}", grammar, StringComparison.Ordinal);
        Assert.Contains("{0,4}", grammar, StringComparison.Ordinal);
    }

    [Fact]
    public void Grammar_WithoutTools_IsRefusedUnlessTextOnly()
    {
        Assert.Throws<ArgumentException>(() => ToolCallGrammar.Build([], ToolGrammarMode.TextOrToolCalls));
        Assert.StartsWith("root ::= text\n", ToolCallGrammar.Build([], ToolGrammarMode.TextOnly), StringComparison.Ordinal);
    }

    private static string FindRepoTestData()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MatAssistant.Agent.Tests.csproj")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "TestData", "Brains");
    }
}

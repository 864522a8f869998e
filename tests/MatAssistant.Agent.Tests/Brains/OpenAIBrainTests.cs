using System.Text.Json.Nodes;
using MatAssistant.Agent.Brains;
using MatAssistant.Agent.Brains.OpenAI;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;

namespace MatAssistant.Agent.Tests.Brains;

/// <summary>
/// The OpenAI-compatible brain against <see cref="FakeOpenAIServer"/>, scripted answers behind an HTTP mock. What this covers, exactly:
/// the request our client sends (path <c>/v1/chat/completions</c>, bearer key, model name, the kernel plugin's function in
/// <c>tools</c> with its JSON schema), parsing of a <c>tool_calls</c> reply (whole and streamed in pieces) into a call that
/// Semantic Kernel's loop executes, the second request carrying the assistant's <c>tool_calls</c> and a <c>tool</c> message
/// with the same call id and the plugin's result, and the final text. Server errors, timeouts, a refused key and malformed
/// calls: <see cref="OpenAIServerFailureTests"/>. Not covered: a real model's choices, a real provider.
/// </summary>
public sealed class OpenAIBrainTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ToolCallRoundTrip_ThroughSemanticKernel(bool streaming)
    {
        using var server = new FakeOpenAIServer();
        var plugin = new LlamaKernelEndToEndTests.MathPlugin();
        var kernel = new Kernel();
        kernel.Plugins.AddFromObject(plugin, "math");
        using var brain = BrainFactory.CreateOpenAI(new OpenAIBrainOptions(server.Endpoint) { Model = "test-model", ApiKey = "test-key", HttpClient = server.HttpClient });
        using var chat = new ChatClientBuilder(brain).UseKernelFunctionInvocation().Build();
        var options = new ChatOptions { Tools = [.. kernel.Plugins["math"].AsAIFunctions(kernel)] };
        List<ChatMessage> question = [new(ChatRole.User, "What is 2 + 3?")];

        var text = streaming
            ? string.Concat(await chat.GetStreamingResponseAsync(question, options).Select(u => u.Text).ToListAsync())
            : (await chat.GetResponseAsync(question, options)).Text;

        Assert.Equal("The sum is 5.", text);
        Assert.Equal((2, 3), Assert.Single(plugin.Calls));
        Assert.Equal(2, server.Requests.Count);

        var (path, authorization, first) = server.Requests[0];
        Assert.Equal("/v1/chat/completions", path);
        Assert.Equal("Bearer test-key", authorization);
        Assert.Equal("test-model", (string?)first["model"]);
        var tool = Assert.Single(first["tools"]!.AsArray())!;
        Assert.Equal("function", (string?)tool["type"]);
        Assert.Equal(FakeOpenAIServer.ToolName, (string?)tool["function"]!["name"]);
        Assert.Equal("integer", (string?)tool["function"]!["parameters"]!["properties"]!["a"]!["type"]);
        Assert.Equal("user", (string?)Assert.Single(first["messages"]!.AsArray())!["role"]);

        var second = server.Requests[1].Body["messages"]!.AsArray();
        var assistant = second.Single(m => (string?)m!["role"] == "assistant")!;
        var sentCall = Assert.Single(assistant["tool_calls"]!.AsArray())!;
        Assert.Equal(FakeOpenAIServer.CallId, (string?)sentCall["id"]);
        Assert.Equal(FakeOpenAIServer.ToolName, (string?)sentCall["function"]!["name"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(FakeOpenAIServer.ToolArguments), JsonNode.Parse((string)sentCall["function"]!["arguments"]!)));
        var toolMessage = second.Single(m => (string?)m!["role"] == "tool")!;
        Assert.Equal(FakeOpenAIServer.CallId, (string?)toolMessage["tool_call_id"]);
        Assert.Equal("5", ContentText(toolMessage["content"]!));
    }

    [Theory]
    [InlineData(null, "needs an endpoint")]
    [InlineData("localhost:11434", "is not an http(s) URL")]
    [InlineData("ftp://example.org/v1", "is not an http(s) URL")]
    public void BadEndpoint_IsAConfigurationError(string? endpoint, string expected)
    {
        var error = Assert.Throws<BrainConfigurationException>(() => OpenAIBrain.ParseOptions(endpoint, null, null));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ApiKeyVariable_IsReadOrReported()
    {
        var variable = "MATASSIST_TEST_KEY_" + Guid.NewGuid().ToString("N")[..8];
        var missing = Assert.Throws<BrainConfigurationException>(() => OpenAIBrain.ParseOptions("http://127.0.0.1:8080/v1", "m", variable));
        Assert.Contains(variable, missing.Message, StringComparison.Ordinal);

        Environment.SetEnvironmentVariable(variable, "secret");
        try
        {
            var options = OpenAIBrain.ParseOptions("http://127.0.0.1:8080/v1", null, variable);
            Assert.Equal("secret", options.ApiKey);
            Assert.Equal(OpenAIBrainOptions.DefaultModel, options.Model);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    private static string ContentText(JsonNode content) => content.GetValueKind() == System.Text.Json.JsonValueKind.String
        ? (string)content!
        : string.Concat(content.AsArray().Select(part => (string?)part!["text"]));
}

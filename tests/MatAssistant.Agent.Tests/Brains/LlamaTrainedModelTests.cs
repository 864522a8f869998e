using System.Text.Json;
using MatAssistant.Agent.Brains.Llama;
using MatAssistant.Agent.Tests.Brains.Gguf;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Xunit.Abstractions;
using FunctionCallContent = Microsoft.Extensions.AI.FunctionCallContent;
using FunctionResultContent = Microsoft.Extensions.AI.FunctionResultContent;

namespace MatAssistant.Agent.Tests.Brains;

/// <summary>
/// The strongest test of the llama brain: a tiny llama trained (<see cref="TrainedToolCallModel"/>) to answer "What is 2 + 3?"
/// with <c>&lt;tool_call&gt;{"name": "math_add", "arguments": {"a": 2, "b": 3}}&lt;/tool_call&gt;</c>. With no grammar and greedy
/// decoding, the model's free output is parsed into the call and Semantic Kernel runs the plugin with exactly those
/// arguments: the whole path a real GGUF model takes, with a model whose answer is known.
/// </summary>
public sealed class LlamaTrainedModelTests(ITestOutputHelper output) : IDisposable
{
    private const string Question = "What is 2 + 3?";
    private const string ToolCall = "<tool_call>\n{\"name\": \"math_add\", \"arguments\": {\"a\": 2, \"b\": 3}}\n</tool_call>";

    private readonly string _directory = Directory.CreateTempSubdirectory("matassist-trained-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task TrainedModel_WritesTheToolCallWithoutGrammar_AndTheKernelRunsIt()
    {
        var plugin = new LlamaKernelEndToEndTests.MathPlugin();
        var kernel = new Kernel();
        kernel.Plugins.AddFromObject(plugin, "math");
        var options = new ChatOptions { Tools = [.. kernel.Plugins["math"].AsAIFunctions(kernel)] };
        List<ChatMessage> question = [new(ChatRole.User, Question)];

        // The prompt does not depend on the weights: render it with the untrained model, then train the head to answer it.
        var untrained = Path.Combine(_directory, "untrained.gguf");
        TinyLlama.Write(untrained, TrainedToolCallModel.BaseSpec);
        string prompt;
        using (var renderer = new LlamaChatClient(Options(untrained)))
        {
            prompt = renderer.RenderPrompt(question, options);
        }

        var trained = Path.Combine(_directory, "trained.gguf");
        var margin = TrainedToolCallModel.Train(trained, prompt, ToolCall);
        output.WriteLine($"prompt {prompt.Length} characters; smallest training margin {margin:F1}");
        Assert.True(margin > 5, $"training did not separate every position clearly (margin {margin})");

        using var brain = new LlamaChatClient(Options(trained));
        var direct = await brain.GetResponseAsync(question, options);
        var call = Assert.Single(direct.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("math_add", call.Name);
        Assert.Equal("""{"a":2,"b":3}""", JsonSerializer.Serialize(call.Arguments));
        Assert.Equal(ChatFinishReason.ToolCalls, direct.FinishReason);

        var recorder = new LlamaKernelEndToEndTests.RecordingChatClient(brain);
        using var chat = new ChatClientBuilder(recorder).UseKernelFunctionInvocation().Build();
        var response = await chat.GetResponseAsync(question, options);

        Assert.Equal((2, 3), Assert.Single(plugin.Calls));
        Assert.Equal(2, recorder.Requests.Count);
        var result = Assert.Single(recorder.Requests[1].SelectMany(m => m.Contents).OfType<FunctionResultContent>());
        Assert.Equal("5", result.Result?.ToString());
        Assert.Equal(ChatRole.Assistant, response.Messages[^1].Role);
    }

    private static LlamaBrainOptions Options(string path) => new(path)
    {
        ContextSize = 2048,
        Threads = 1,
        MaxTokens = 120,
        Temperature = 0,
        UseGrammar = false,
        MaxToolRoundsPerTurn = 1,
    };
}

using System.ComponentModel;
using MatAssistant.Agent.Brains.Llama;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Xunit.Abstractions;
using FunctionCallContent = Microsoft.Extensions.AI.FunctionCallContent;
using FunctionResultContent = Microsoft.Extensions.AI.FunctionResultContent;

namespace MatAssistant.Agent.Tests.Brains;

/// <summary>
/// The LLamaSharp brain inside Semantic Kernel's tool loop (DESIGN.md §5: <c>ChatClientBuilder(...).UseKernelFunctionInvocation()</c>):
/// the tiny "tool-happy" model writes a grammar-constrained tool call, the kernel runs the plugin with the parsed arguments,
/// and the brain is called again with the <see cref="FunctionResultContent"/>, answering in text because
/// <see cref="LlamaBrainOptions.MaxToolRoundsPerTurn"/> is 1.
/// </summary>
public sealed class LlamaKernelEndToEndTests(TinyModelFixture models, ITestOutputHelper output) : IClassFixture<TinyModelFixture>
{
    /// <summary>A test plugin that records what it was asked.</summary>
    public sealed class MathPlugin
    {
        public List<(int A, int B)> Calls { get; } = [];

        [KernelFunction("add")]
        [Description("Adds two integers and returns the sum.")]
        public int Add([Description("first addend")] int a, [Description("second addend")] int b)
        {
            Calls.Add((a, b));
            return a + b;
        }
    }

    /// <summary>Records every conversation the brain is called with.</summary>
    internal sealed class RecordingChatClient(IChatClient inner) : DelegatingChatClient(inner)
    {
        public List<List<ChatMessage>> Requests { get; } = [];

        public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var list = messages.ToList();
            Requests.Add(list);
            return base.GetResponseAsync(list, options, cancellationToken);
        }

        public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var list = messages.ToList();
            Requests.Add(list);
            return base.GetStreamingResponseAsync(list, options, cancellationToken);
        }
    }

    /// <summary>A fresh tool-happy brain (one tool round per turn) in Semantic Kernel's loop, with the recording plugin.</summary>
    private sealed class Setup : IDisposable
    {
        private readonly LlamaChatClient _brain;

        public Setup(TinyModelFixture models)
        {
            _brain = new LlamaChatClient(TinyModelFixture.Options(models.ToolHappyPath) with { MaxToolRoundsPerTurn = 1, MaxTokens = 200 });
            Kernel.Plugins.AddFromObject(Plugin, "math");
            Recorder = new RecordingChatClient(_brain);
            Chat = new ChatClientBuilder(Recorder).UseKernelFunctionInvocation().Build();
        }

        public MathPlugin Plugin { get; } = new();

        public Kernel Kernel { get; } = new();

        public RecordingChatClient Recorder { get; }

        public IChatClient Chat { get; }

        public void Dispose()
        {
            Chat.Dispose();
            _brain.Dispose();
        }
    }

    [Fact]
    public async Task ChatClientRoute_KernelRunsTheToolAndFeedsTheResultBack()
    {
        using var setup = new Setup(models);
        var (plugin, kernel, recorder, chat) = (setup.Plugin, setup.Kernel, setup.Recorder, setup.Chat);

        var response = await chat.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "What is 2 + 3?")],
            new ChatOptions { Tools = [.. kernel.Plugins["math"].AsAIFunctions(kernel)] });

        AssertOneToolRound(plugin, recorder, response.Messages);
        var call = recorder.Requests[1].SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single();
        output.WriteLine($"{call.Name}({string.Join(", ", call.Arguments!.Select(kv => $"{kv.Key}={kv.Value}"))}) -> {plugin.Calls[0].A + plugin.Calls[0].B}; answer: {response.Text}");
    }

    [Fact]
    public async Task ChatCompletionServiceRoute_AutoFunctionChoice_RunsTheTool()
    {
        using var setup = new Setup(models);
        var (plugin, kernel, recorder, chat) = (setup.Plugin, setup.Kernel, setup.Recorder, setup.Chat);
        var service = chat.AsChatCompletionService();
        var history = new ChatHistory();
        history.AddUserMessage("What is 2 + 3?");

        var reply = await service.GetChatMessageContentAsync(
            history, new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() }, kernel);

        Assert.False(string.IsNullOrEmpty(reply.Content));
        var (a, b) = Assert.Single(plugin.Calls);
        Assert.Equal(2, recorder.Requests.Count);
        var result = Assert.Single(recorder.Requests[1].SelectMany(m => m.Contents).OfType<FunctionResultContent>());
        Assert.Equal((a + b).ToString(System.Globalization.CultureInfo.InvariantCulture), result.Result?.ToString());
    }

    /// <summary>The route the assistant uses: the chat-completion service, streaming, with the kernel's auto function choice.</summary>
    [Fact]
    public async Task StreamingChatCompletionServiceRoute_RunsTheToolAndStreamsTheAnswer()
    {
        using var setup = new Setup(models);
        var (plugin, kernel, recorder, chat) = (setup.Plugin, setup.Kernel, setup.Recorder, setup.Chat);
        var history = new ChatHistory();
        history.AddUserMessage("What is 2 + 3?");

        var chunks = new List<string>();
        await foreach (var chunk in chat.AsChatCompletionService().GetStreamingChatMessageContentsAsync(
            history, new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() }, kernel))
        {
            chunks.Add(chunk.Content ?? "");
        }

        Assert.Single(plugin.Calls);
        Assert.Equal(2, recorder.Requests.Count);
        Assert.Single(recorder.Requests[1].SelectMany(m => m.Contents).OfType<FunctionResultContent>());
        Assert.True(chunks.Count(c => c.Length > 0) > 5, "the answer streams in pieces");
    }

    private static void AssertOneToolRound(MathPlugin plugin, RecordingChatClient recorder, IList<ChatMessage> messages)
    {
        // The plugin ran once, with the integers the model wrote.
        var (a, b) = Assert.Single(plugin.Calls);

        // The brain was called twice: the second time with the model's call and the kernel's result.
        Assert.Equal(2, recorder.Requests.Count);
        var second = recorder.Requests[1].SelectMany(m => m.Contents).ToList();
        var call = Assert.Single(second.OfType<FunctionCallContent>());
        Assert.EndsWith("add", call.Name, StringComparison.Ordinal);
        var result = Assert.Single(second.OfType<FunctionResultContent>());
        Assert.Equal(call.CallId, result.CallId);
        Assert.Equal((a + b).ToString(System.Globalization.CultureInfo.InvariantCulture), result.Result?.ToString());

        // The final message is text from the brain.
        Assert.False(string.IsNullOrEmpty(messages[^1].Text));
        Assert.Equal(ChatRole.Assistant, messages[^1].Role);
    }
}

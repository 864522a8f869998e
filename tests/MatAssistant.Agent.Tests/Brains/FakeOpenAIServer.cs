using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RichardSzalay.MockHttp;

namespace MatAssistant.Agent.Tests.Brains;

/// <summary>
/// Scripted OpenAI-compatible answers to <c>POST /v1/chat/completions</c>, plain and streamed (server-sent events), served
/// through an HTTP mock (RichardSzalay.MockHttp) that the brain's <see cref="HttpClient"/> talks to. Until the conversation
/// holds a <c>tool</c> message it answers with one <c>tool_calls</c> message calling <see cref="ToolName"/> with
/// <see cref="ToolArguments"/>; once it sees the tool result it answers "The sum is {result}." Every request is kept for
/// the test to inspect; any other path gets 404.
/// </summary>
internal sealed class FakeOpenAIServer : IDisposable
{
    public const string ToolName = "math_add";
    public const string ToolArguments = """{"a":2,"b":3}""";
    public const string CallId = "call_fake_1";

    private readonly MockHttpMessageHandler _mock = new();

    public FakeOpenAIServer()
    {
        _mock.When(HttpMethod.Post, Endpoint + "/chat/completions").Respond(AnswerAsync);
        _mock.Fallback.Respond(HttpStatusCode.NotFound);
        HttpClient = _mock.ToHttpClient();
    }

    public Uri Endpoint { get; } = new("http://llm.test/v1");

    public HttpClient HttpClient { get; }

    public List<(string Path, string? Authorization, JsonNode Body)> Requests { get; } = [];

    public void Dispose()
    {
        HttpClient.Dispose();
        _mock.Dispose();
    }

    private async Task<HttpResponseMessage> AnswerAsync(HttpRequestMessage request)
    {
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync())!;
        lock (Requests)
        {
            Requests.Add((request.RequestUri!.AbsolutePath, request.Headers.Authorization?.ToString(), body));
        }

        var toolResult = body["messages"]!.AsArray().LastOrDefault(m => (string?)m!["role"] == "tool")?["content"];
        var model = (string?)body["model"] ?? "unknown";
        if ((bool?)body["stream"] == true)
        {
            var events = toolResult is null ? ToolCallChunks(model) : TextChunks(model, $"The sum is {Content(toolResult)}.");
            var payload = string.Concat(events.Select(e => $"data: {e}\n\n")) + "data: [DONE]\n\n";
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(payload, Encoding.UTF8, "text/event-stream") };
        }

        var completion = toolResult is null ? ToolCallCompletion(model) : TextCompletion(model, $"The sum is {Content(toolResult)}.");
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(completion.ToJsonString(), Encoding.UTF8, "application/json") };
    }

    private static string Content(JsonNode content) => content.GetValueKind() == JsonValueKind.String
        ? (string)content!
        : string.Concat(content.AsArray().Select(part => (string?)part!["text"]));

    private static JsonObject Completion(string model, JsonObject message, string finish) => new()
    {
        ["id"] = "chatcmpl-fake",
        ["object"] = "chat.completion",
        ["created"] = 1_700_000_000,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finish }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 20, ["completion_tokens"] = 7, ["total_tokens"] = 27 },
    };

    private static JsonObject ToolCallCompletion(string model) => Completion(model, new JsonObject
    {
        ["role"] = "assistant",
        ["content"] = null,
        ["tool_calls"] = new JsonArray(new JsonObject
        {
            ["id"] = CallId,
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = ToolName, ["arguments"] = ToolArguments },
        }),
    }, "tool_calls");

    private static JsonObject TextCompletion(string model, string text) =>
        Completion(model, new JsonObject { ["role"] = "assistant", ["content"] = text }, "stop");

    private static string Chunk(string model, JsonObject delta, string? finish) => new JsonObject
    {
        ["id"] = "chatcmpl-fake",
        ["object"] = "chat.completion.chunk",
        ["created"] = 1_700_000_000,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
    }.ToJsonString();

    private static IEnumerable<string> ToolCallChunks(string model)
    {
        yield return Chunk(model, new JsonObject
        {
            ["role"] = "assistant",
            ["tool_calls"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["id"] = CallId,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = ToolName, ["arguments"] = "" },
            }),
        }, null);
        // The arguments arrive in pieces, as real servers send them.
        foreach (var piece in new[] { ToolArguments[..5], ToolArguments[5..] })
        {
            yield return Chunk(model, new JsonObject
            {
                ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = 0, ["function"] = new JsonObject { ["arguments"] = piece } }),
            }, null);
        }

        yield return Chunk(model, [], "tool_calls");
    }

    private static IEnumerable<string> TextChunks(string model, string text)
    {
        yield return Chunk(model, new JsonObject { ["role"] = "assistant", ["content"] = "" }, null);
        var words = text.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            yield return Chunk(model, new JsonObject { ["content"] = i == 0 ? words[i] : " " + words[i] }, null);
        }

        yield return Chunk(model, [], "stop");
    }
}

using System.Text.Json;
using MatAssistant.Agent.Brains.Llama;
using MatAssistant.Application;
using Microsoft.AspNetCore.Http;

namespace MatAssistant.Web;

/// <summary>The one-line error a client gets: <c>{"error": "…"}</c> with 400 for bad input, 413 for a body too large, 504 for a request past the time limit.</summary>
public sealed record ApiError(string Error);

/// <summary>Thrown by the adapters for a request they refuse before any use case runs.</summary>
internal sealed class HttpRequestRefused(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

internal static class ApiErrors
{
    public static IResult Result(int status, string message) => Results.Json(new ApiError(OneLine(message)), ContractJson.Options, statusCode: status);

    /// <summary>The status and message of a failure, or null for one that is the server's fault (500, logged).</summary>
    public static (int Status, string Message)? Classify(Exception e) => e switch
    {
        HttpRequestRefused refused => (refused.Status, refused.Message),
        RequestException request => (StatusCodes.Status400BadRequest, request.Message),
        JsonException json => (StatusCodes.Status400BadRequest, $"the request body is not valid JSON for this endpoint: {json.Message}"),
        BadHttpRequestException bad => (bad.StatusCode, bad.Message),
        ContextOverflowException overflow => (StatusCodes.Status400BadRequest, $"{overflow.Message} Ask a shorter question."),
        HttpRequestException http => (StatusCodes.Status502BadGateway, $"cannot reach the language-model server: {http.Message}"),
        _ when e.InnerException is { } inner && e is AggregateException or Microsoft.SemanticKernel.KernelException => Classify(inner),
        _ => null,
    };

    private static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

namespace MatAssistant.Web;

/// <summary>The body of <c>/api/ask</c> and <c>/api/ask/stream</c>.</summary>
/// <param name="Question">A question, a design request or an equation to solve.</param>
/// <param name="Chat">The conversation; omitted, a new one is started and its id returned in the <c>X-Chat-Id</c> header.</param>
public sealed record AskRequest(string? Question, string? Chat = null);

/// <summary>The body of <c>/api/chat/reset</c>.</summary>
public sealed record ResetRequest(string? Chat);

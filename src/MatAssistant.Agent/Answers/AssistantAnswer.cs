namespace MatAssistant.Agent.Answers;

/// <summary>A citation of the corpus: <see cref="Quote"/> is exactly the cited file's text[<see cref="Start"/>..<see cref="End"/>).</summary>
/// <param name="Id">The number used in the answer, <c>[Id]</c>.</param>
/// <param name="Document">Corpus file name, e.g. <c>002_b22d91d85b8bad7b.txt</c>.</param>
/// <param name="Title">The document's title.</param>
/// <param name="Section">The section heading the quote stands under.</param>
/// <param name="Quote">Verbatim corpus text.</param>
/// <param name="Start">Character offset of the quote in the file (UTF-16 code units, as .NET strings count).</param>
/// <param name="End">Offset one past the quote's end.</param>
public sealed record Citation(int Id, string Document, string Title, string Section, string Quote, int Start, int End);

/// <summary>One tool call as the user sees it (DESIGN.md §3).</summary>
public sealed record ToolCallSummary(string Tool, IReadOnlyDictionary<string, object?> Arguments, bool Ok, string? Error);

/// <summary>The assistant's answer to one message.</summary>
/// <param name="Answer">Markdown.</param>
/// <param name="Citations">Citations referenced as [n] in the answer; each quote verified verbatim against the corpus.</param>
/// <param name="ToolCalls">The tools called, with their arguments.</param>
/// <param name="Backend">The brain: offline, llama or openai.</param>
/// <param name="Artifacts">Files the tools wrote (plots), by kind.</param>
public sealed record AssistantAnswer(
    string Answer,
    IReadOnlyList<Citation> Citations,
    IReadOnlyList<ToolCallSummary> ToolCalls,
    string Backend,
    IReadOnlyList<string> Artifacts);

namespace MatAssistant.Agent.Plugins;

/// <summary>One passage returned by <c>literature_retrieve</c>, numbered for citation; <see cref="Text"/> is the file's text[Start..End).</summary>
public sealed record RetrievedPassage(int Number, string Document, string Title, string Section, string Text, int Start, int End, double Score);

/// <summary>A fact extracted from the corpus (acronym, definition, reported figure), with its verbatim source.</summary>
/// <param name="Kind">acronym, definition, figure, formula, model.</param>
/// <param name="Subject">What the fact is about.</param>
/// <param name="Statement">The fact in words, e.g. "CDVAE = crystal diffusion variational autoencoder".</param>
/// <param name="Passage">The number of the passage that quotes the source.</param>
public sealed record RetrievedFact(string Kind, string Subject, string Statement, int Passage);

/// <summary>What <c>literature_retrieve</c> returns.</summary>
public sealed record RetrievalToolResult(string Query, IReadOnlyList<RetrievedPassage> Passages, IReadOnlyList<RetrievedFact> Facts);

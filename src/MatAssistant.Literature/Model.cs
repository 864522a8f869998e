namespace MatAssistant.Literature;

/// <summary>What a recovered block of a document is; it decides how the block is chunked and how it ranks.</summary>
public enum BlockKind
{
    /// <summary>The document's title.</summary>
    Title,

    /// <summary>Authors, affiliations, dates and similar front matter.</summary>
    Front,

    /// <summary>A section heading (numbered, Roman-numbered, lettered or a well-known name).</summary>
    Heading,

    /// <summary>A paragraph of the abstract.</summary>
    Abstract,

    /// <summary>A paragraph of body text.</summary>
    Paragraph,

    /// <summary>A list of short items.</summary>
    List,

    /// <summary>A table (tab-separated or Markdown pipe table).</summary>
    Table,

    /// <summary>A figure or table caption.</summary>
    Caption,

    /// <summary>Bibliography entries: retrievable, ranked below body text.</summary>
    Reference,

    /// <summary>Code or preformatted text.</summary>
    Code,
}

/// <summary>A block recovered from a document: <c>text[Start..End)</c> of the original file, with its section.</summary>
/// <param name="Kind">What the block is.</param>
/// <param name="Start">First character (UTF-16 code unit of the decoded file).</param>
/// <param name="End">One past the last character.</param>
/// <param name="Section">The heading the block sits under ("" before the first heading).</param>
public sealed record TextBlock(BlockKind Kind, int Start, int End, string Section);

/// <summary>A document read from disk with the structure recovered from it.</summary>
/// <param name="Name">The file name, e.g. <c>002_b22d91d85b8bad7b.txt</c>; the document's identity in the index.</param>
/// <param name="Path">Where it was read from.</param>
/// <param name="Text">The decoded text; every offset refers to it.</param>
/// <param name="Hash">SHA-256 of the file's bytes (hex), for incremental re-ingest.</param>
/// <param name="Format">The reader that understood it (<c>text</c> or <c>markdown</c>).</param>
/// <param name="Language">ISO 639-1 code of the main language (<c>en</c> or <c>zh</c>).</param>
/// <param name="Title">The recovered title ("" when none was found).</param>
/// <param name="Authors">The recovered author line ("" when none was found).</param>
/// <param name="Blocks">Blocks in document order; page furniture is not among them.</param>
/// <param name="PageStarts">For paged formats (PDF), the offset in <paramref name="Text"/> where each page starts (page 1 first); null otherwise.</param>
public sealed record ParsedDocument(
    string Name,
    string Path,
    string Text,
    string Hash,
    string Format,
    string Language,
    string Title,
    string Authors,
    IReadOnlyList<TextBlock> Blocks,
    IReadOnlyList<int>? PageStarts = null)
{
    /// <summary>The 1-based page of the character at <paramref name="offset"/>, or null for a format without pages.</summary>
    public int? PageOf(int offset) => PageStarts is null ? null : PdfText.PageOf(PageStarts, offset);
}

/// <summary>A retrievable passage: whole sentences of one block, <c>text[Start..End)</c> of the document's text.</summary>
/// <param name="Document">The document's name.</param>
/// <param name="Ordinal">Position among the document's passages.</param>
/// <param name="Kind">The block kind it comes from.</param>
/// <param name="Section">The heading it sits under.</param>
/// <param name="Start">First character in the document's text.</param>
/// <param name="End">One past the last.</param>
/// <param name="Text">The passage, verbatim.</param>
/// <param name="Page">The 1-based page the passage starts on, for paged formats (PDF); null otherwise.</param>
public sealed record Chunk(string Document, int Ordinal, BlockKind Kind, string Section, int Start, int End, string Text, int? Page = null)
{
    /// <summary>Identity in the index: <c>document#ordinal</c>.</summary>
    public string Id => $"{Document}#{Ordinal}";
}

/// <summary>A sentence with its offsets in the original file.</summary>
public readonly record struct SentenceSpan(int Start, int End);

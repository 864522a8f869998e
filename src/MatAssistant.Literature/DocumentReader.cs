using System.Security.Cryptography;
using System.Text;

namespace MatAssistant.Literature;

/// <summary>A file that could not be ingested, with a one-line reason.</summary>
public sealed class DocumentFormatException(string message) : Exception(message);

/// <summary>Reads corpus files: plain text, Markdown, PDF, Word (.docx) and HTML; other formats get a clear "not supported yet" message.</summary>
public static class DocumentReader
{
    /// <summary>Extensions read as plain text.</summary>
    public static IReadOnlyList<string> TextExtensions { get; } = [".txt", ".text", ""];

    /// <summary>Extensions read as Markdown through Markdig.</summary>
    public static IReadOnlyList<string> MarkdownExtensions { get; } = [".md", ".markdown"];

    /// <summary>Extensions read as PDF through PdfPig (text layer only: scanned pages need OCR first).</summary>
    public static IReadOnlyList<string> PdfExtensions { get; } = [".pdf"];

    /// <summary>Extensions read as Word documents through the Open XML SDK.</summary>
    public static IReadOnlyList<string> DocxExtensions { get; } = [".docx"];

    /// <summary>Extensions read as HTML through AngleSharp.</summary>
    public static IReadOnlyList<string> HtmlExtensions { get; } = [".html", ".htm", ".xhtml"];

    /// <summary>Formats recognised but not read yet; the message names them so the user can convert.</summary>
    public static IReadOnlyList<string> UnsupportedExtensions { get; } = [".doc", ".odt", ".rtf", ".epub", ".tex", ".xml", ".json"];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>True when <paramref name="path"/> has an extension this reader handles.</summary>
    public static bool IsSupported(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        return TextExtensions.Contains(extension) || MarkdownExtensions.Contains(extension) || PdfExtensions.Contains(extension)
            || DocxExtensions.Contains(extension) || HtmlExtensions.Contains(extension);
    }

    /// <summary>Reads and parses one file; throws <see cref="DocumentFormatException"/> or an I/O exception with a clear message.</summary>
    public static ParsedDocument Read(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (!IsSupported(path))
        {
            var known = UnsupportedExtensions.Contains(extension) ? $"{extension} files are not supported yet" : $"'{extension}' is not a known document format";
            throw new DocumentFormatException($"{path}: {known}; convert it to plain text (.txt) or Markdown (.md).");
        }

        var bytes = File.ReadAllBytes(path);
        if (PdfExtensions.Contains(extension))
        {
            return ParsePdf(Path.GetFileName(path), path, bytes);
        }

        if (DocxExtensions.Contains(extension) || HtmlExtensions.Contains(extension))
        {
            var docx = DocxExtensions.Contains(extension);
            var extracted = docx ? OfficeText.FromDocx(bytes, path) : OfficeText.FromHtml(bytes);
            if (extracted.Text.Trim().Length == 0)
            {
                throw new DocumentFormatException($"{path}: no text found in it.");
            }

            return Extracted(Path.GetFileName(path), path, bytes, docx ? "docx" : "html", extracted.Text, extracted.HeadingStarts, null);
        }

        return Parse(Path.GetFileName(path), path, bytes, MarkdownExtensions.Contains(extension) ? "markdown" : "text");
    }

    /// <summary>Parses a document from its bytes (UTF-8, with or without a byte-order mark, which is not counted in offsets).</summary>
    public static ParsedDocument Parse(string name, string path, byte[] bytes, string format)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        string text;
        try
        {
            var preamble = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
            text = StrictUtf8.GetString(bytes, preamble, bytes.Length - preamble);
        }
        catch (DecoderFallbackException)
        {
            throw new DocumentFormatException($"{path}: not valid UTF-8 text; save it as UTF-8 plain text or Markdown.");
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new DocumentFormatException($"{path}: looks like a binary file, not text; convert it to plain text (.txt) or Markdown (.md).");
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var (title, authors, blocks) = format == "markdown" ? MarkdownStructure.Parse(text) : PlainTextStructure.Parse(text);
        return new ParsedDocument(name, path, text, hash, format, TextSpans.DetectLanguage(text), title, authors, blocks);
    }

    /// <summary>
    /// Parses a PDF: its text in reading order (see <see cref="PdfText"/>) becomes the document's text, which the index stores
    /// so that offsets and quotes refer to it; headings set in a larger or bold font count as headings even without numbers.
    /// </summary>
    public static ParsedDocument ParsePdf(string name, string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var extracted = PdfText.Extract(bytes, path);
        return Extracted(name, path, bytes, "pdf", extracted.Text, extracted.HeadingStarts, extracted.PageStarts);
    }

    /// <summary>A document whose text was extracted from another format: the text the index stores and offsets refer to.</summary>
    private static ParsedDocument Extracted(string name, string path, byte[] bytes, string format, string text, HashSet<int> headings, int[]? pageStarts)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var (title, authors, blocks) = PlainTextStructure.Parse(text, headings);
        return new ParsedDocument(name, path, text, hash, format, TextSpans.DetectLanguage(text), title, authors, blocks, pageStarts);
    }

    /// <summary>SHA-256 of a file's bytes (hex), the key of incremental re-ingest.</summary>
    public static string HashFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

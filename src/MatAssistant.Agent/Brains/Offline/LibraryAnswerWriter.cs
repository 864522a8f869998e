using System.Globalization;
using System.Text;
using MatAssistant.Agent.Planning;
using MatAssistant.Application.Literature;
using MatAssistant.Literature;

namespace MatAssistant.Agent.Brains.Offline;

/// <summary>
/// Answers about the library itself, from the byline facts of <c>RetrieveLiterature</c>: who wrote a document the question
/// names by its title, which document discusses a name when no title names it, and the listing of the library. Every
/// name list cites the document's author line, verbatim.
/// </summary>
internal static class LibraryAnswerWriter
{
    /// <summary>
    /// Writes the library part of the answer; true when it is the whole answer, false when the literature answer follows
    /// (the document that discusses a name, whose passages say what it is).
    /// </summary>
    public static bool Write(StringBuilder builder, ParsedRequest request, RetrieveResult result)
    {
        var named = result.Facts.Where(f => f.Kind == "authors").ToList();
        if (named.Count > 0)
        {
            if (named.Count > 1)
            {
                builder.AppendLine(CultureInfo.InvariantCulture, $"The question fits the titles of {named.Count} documents equally well:");
            }

            foreach (var fact in named)
            {
                builder.AppendLine((named.Count > 1 ? "- " : string.Empty) + Byline(fact));
            }

            return true;
        }

        var discussing = result.Facts.FirstOrDefault(f => f.Kind == "authors_discussing");
        if (discussing is not null)
        {
            var terms = QuestionShape.Read(request.Text).KeyTerms;
            var what = terms.Count > 0 ? string.Join(" and ", terms) : "it";
            // A paper can introduce a model without naming it in its title (MatGAN's does not), so this says where the name
            // is discussed and leaves who introduced it to the passages quoted below.
            builder.AppendLine(CultureInfo.InvariantCulture, $"No document in the library has {what} in its title. The one that discusses {what} is {Byline(discussing)} Whether it is the paper that introduced {what}, the passages below say.");
            builder.AppendLine();
            return false;
        }

        var listing = result.Facts.Where(f => f.Kind == "document").ToList();
        if (listing.Count == 0)
        {
            return false;
        }

        var total = int.TryParse(result.Facts.FirstOrDefault(f => f.Kind == "library")?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : listing.Count;
        var lead = LibraryQuestions.AsksAuthors(request.Text)
            ? "The question names no document of the library by its title (nor a name that one discusses). "
            : string.Empty;
        builder.AppendLine(CultureInfo.InvariantCulture, $"{lead}The library holds {total} document{(total == 1 ? string.Empty : "s")}{(total > listing.Count ? $"; the first {listing.Count}" : string.Empty)} (versions of one text counted once):");
        foreach (var fact in listing)
        {
            var original = result.Facts.FirstOrDefault(f => f.Kind == "translation" && f.Subject == fact.Document)?.Value;
            builder.AppendLine("- " + Byline(fact) + $" ({fact.Document}{(original is null ? string.Empty : $", a translation of {original}")})");
        }

        builder.AppendLine().AppendLine("`matassist ingest --list` shows every document with its collection, format and passages.");
        return true;
    }

    private static string Byline(RetrievedFact fact)
    {
        var cite = fact.Passage > 0 ? $" [{fact.Passage}]" : string.Empty;
        return fact.Value.Length > 0
            ? $"*{fact.Subject}*, by {fact.Value}{cite}."
            : $"*{fact.Subject}*; no author line was recovered from it{cite}.";
    }
}

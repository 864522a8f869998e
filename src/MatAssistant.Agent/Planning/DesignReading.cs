using System.Text.RegularExpressions;

namespace MatAssistant.Agent.Planning;

/// <summary>
/// The working state of reading one design request: the slots filled so far and which characters of the text a rule
/// has taken, so that a later rule does not read the same words again and what is left over is <c>not_used</c>.
/// </summary>
internal sealed class DesignReading(string text)
{
    private readonly bool[] _taken = new bool[text.Length];

    public string Text { get; } = text;

    public int? Count { get; set; }

    public List<string> Include { get; } = [];

    /// <summary>Groups as the tool takes them: <c>"Cl|Br|I"</c> or a family name.</summary>
    public List<string> IncludeAny { get; } = [];

    public List<string> Exclude { get; } = [];

    public List<string>? ElementsOnly { get; set; }

    public int? ExactElements { get; set; }

    public int? MinElements { get; set; }

    public int? MaxElements { get; set; }

    public List<string> Anions { get; } = [];

    /// <summary>
    /// "phosphates of Li and Fe": the system the class and the elements after "of" close, with the words; applied in
    /// <see cref="ToSlots"/> unless an element count needs more ("ternary selenides of Sn" has a third element).
    /// </summary>
    public (List<string> Elements, string Words)? ClassSystem { get; set; }

    /// <summary>
    /// Anion-formers a mixed-anion class leaves out ("oxynitrides": O and N are the anions, so no F, S, C …), by the class
    /// word; an element the request names itself is kept.
    /// </summary>
    public List<(string Word, IReadOnlyList<string> Elements)> ClassExclude { get; } = [];

    public string? Stoichiometry { get; set; }

    public List<PropertyWindow> Properties { get; } = [];

    public bool? NovelOnly { get; set; }

    public bool ListKnown { get; set; }

    public bool KnownOnly { get; set; }

    public List<string> Notes { get; } = [];

    /// <summary>Set when the request cannot be honoured as written (a count of NaN, an unknown element): one sentence back.</summary>
    public string? Problem { get; set; }

    /// <summary>The text with every taken character blanked, so indices stay those of <see cref="Text"/>.</summary>
    public string Free
    {
        get
        {
            var chars = Text.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (_taken[i])
                {
                    chars[i] = ' ';
                }
            }

            return new string(chars);
        }
    }

    public void Take(int start, int length)
    {
        for (var i = start; i < start + length && i < _taken.Length; i++)
        {
            _taken[i] = true;
        }
    }

    public void Take(Capture capture) => Take(capture.Index, capture.Length);

    public void AddInclude(string symbol)
    {
        if (!Include.Contains(symbol, StringComparer.Ordinal))
        {
            Include.Add(symbol);
        }
    }

    public void AddGroup(IEnumerable<string> members)
    {
        var group = string.Join("|", members.Distinct(StringComparer.Ordinal));
        if (group.Length > 0 && !IncludeAny.Contains(group, StringComparer.Ordinal))
        {
            IncludeAny.Add(group);
        }
    }

    public void AddNote(string note)
    {
        if (!Notes.Contains(note, StringComparer.Ordinal))
        {
            Notes.Add(note);
        }
    }

    public DesignSlots ToSlots()
    {
        var exclude = Exclude.Distinct(StringComparer.Ordinal).ToList();
        Include.RemoveAll(exclude.Contains);
        var named = Include.Concat(IncludeAny.SelectMany(g => g.Split('|'))).Concat(ElementsOnly ?? []).ToHashSet(StringComparer.Ordinal);
        foreach (var (word, elements) in ClassExclude)
        {
            var left = elements.Where(e => !named.Contains(e) && !exclude.Contains(e, StringComparer.Ordinal)).ToList();
            if (left.Count > 0)
            {
                exclude.AddRange(left);
                AddNote($"\"{word}\" is read as a compound whose only anions are those its name gives, so {string.Join(", ", left)} are left out; name one (\"with F\") to allow it.");
            }
        }

        if (ElementsOnly is null && ClassSystem is { } closed)
        {
            var members = closed.Elements.Concat(Include).Concat(IncludeAny.SelectMany(g => g.Split('|'))).Distinct(StringComparer.Ordinal).ToList();
            var needed = ExactElements ?? MinElements ?? 0;
            if (members.Any(e => e.Length > 2) || needed <= members.Count)
            {
                ElementsOnly = members;
                AddNote($"\"{closed.Words}\" is read as a closed system: no elements beyond the class's and those named (say \"containing …\" to allow others).");
            }
        }

        // A system named beside a class ("Ti–Al carbides") includes the class's element.
        ElementsOnly?.AddRange(Include.Where(s => !ElementsOnly.Contains(s, StringComparer.Ordinal)));
        // So do the alternatives asked for beside it ("sulfides of Cu with a group-15 element (P, As, Sb or Bi)").
        ElementsOnly?.AddRange(IncludeAny.SelectMany(g => g.Split('|')).Where(s => !ElementsOnly.Contains(s, StringComparer.Ordinal)));
        var anion = Anions.Distinct(StringComparer.Ordinal).Count() == 1 ? Anions[0] : null;
        return new DesignSlots(Count, Include.ToList(), exclude, ExactElements, MaxElements, Properties.ToList(), NovelOnly ?? false)
        {
            IncludeAny = IncludeAny.ToList(),
            ElementsOnly = ElementsOnly?.Distinct(StringComparer.Ordinal).ToList(),
            MinElements = MinElements,
            Anion = anion,
            Stoichiometry = Stoichiometry,
            Notes = Notes.ToList(),
            Problem = Problem,
            NotUsed = NotUsedWords.Of(Free),
            ListKnown = ListKnown,
            KnownOnly = KnownOnly,
        };
    }
}

using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;

namespace MatAssistant.Literature;

/// <summary>
/// An open literature index: BM25 search (optionally fused with dense retrieval), knowledge lookup and sentence extraction.
/// Thread-safe; keep one open in a long-lived process, the searcher stays warm.
/// </summary>
public sealed partial class LiteratureIndex : IDisposable
{
    private const int MaxQueryTerms = 100;

    private readonly FSDirectory _directory;
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly Analyzer _analyzer;
    private readonly IndexManifest _manifest;
    private readonly Dictionary<string, ManifestDocument> _documents;
    private readonly Dictionary<string, string> _versionGroup;
    private readonly List<KnowledgeFact> _facts;
    private readonly Dictionary<string, List<(string Short, string Long)>> _acronyms;
    private readonly VectorStore? _vectors;
    private readonly string[] _names;
    private readonly byte[] _kinds;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _texts = new(StringComparer.Ordinal);

    // A generation never changes, so its bylines are read once (a benign race at worst reads them twice).
    private IReadOnlyList<DocumentByline>? _bylines;

    private LiteratureIndex(string dataDir, string generation, IndexManifest manifest, LiteratureOptions options)
    {
        DataDir = dataDir;
        Generation = generation;
        Options = options;
        _manifest = manifest;
        _directory = FSDirectory.Open(Path.Combine(generation, IndexStore.LuceneFolder));
        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity(options.Bm25K1, options.Bm25B) };
        _analyzer = Analysis.Create();
        _kinds = LoadKinds(_reader);
        _documents = manifest.Documents.ToDictionary(d => d.Name, StringComparer.Ordinal);
        _versionGroup = Groups(manifest.Documents.Select(d => d.Name), manifest.Duplicates);
        _facts = IndexStore.ReadKnowledge(generation);
        _acronyms = _facts.Where(f => f.Kind == FactKind.Acronym)
            .GroupBy(f => _documents.TryGetValue(f.Document, out var d) ? d.Language : "en", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(f => (f.Subject, f.Value)).Distinct().ToList(), StringComparer.Ordinal);
        _names = _facts.Where(f => f.Kind is FactKind.Acronym or FactKind.NamedModel && f.Subject.Length >= 3)
            .Select(f => f.Subject).Distinct(StringComparer.Ordinal).ToArray();
        if (options.Embeddings is not null && manifest.EmbeddingModel == options.EmbeddingModelId)
        {
            _vectors = VectorStore.Read(Path.Combine(generation, IndexStore.VectorsFile));
        }
    }

    /// <summary>The data directory the index lives in.</summary>
    public string DataDir { get; }

    /// <summary>The directory of the generation this instance reads.</summary>
    public string Generation { get; }

    /// <summary>
    /// False once another ingest has published a newer generation; a long-lived process then opens a new instance
    /// (this one keeps working on the generation it opened).
    /// </summary>
    public bool IsLatest => string.Equals(IndexStore.CurrentGeneration(DataDir), Generation, StringComparison.Ordinal);

    public LiteratureOptions Options { get; }

    /// <summary>Documents in the index: name, title, language.</summary>
    public IReadOnlyList<(string Name, string Title, string Language, string Path)> Documents =>
        _manifest.Documents.Select(d => (d.Name, d.Title, d.Language, d.Path)).ToList();

    /// <summary>Documents in the index with their collection, format, pages and passages.</summary>
    public IReadOnlyList<IndexedDocument> Catalogue => _manifest.Documents.Select(LiteratureIngestor.ToIndexed).ToList();

    /// <summary>
    /// The text a document was indexed from (the decoded file, or what was extracted from a PDF): every hit, sentence and
    /// fact of that document quotes it, <c>quote == DocumentText(document)[start..end)</c>. Null for a document not in this
    /// generation. Read from the index, not from the original file, which may have changed or gone since.
    /// </summary>
    public string? DocumentText(string document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (!_documents.TryGetValue(document, out var meta))
        {
            return null;
        }

        if (_texts.TryGetValue(document, out var cached))
        {
            return cached;
        }

        var path = IndexStore.TextPath(Generation, document);
        if (!File.Exists(path))
        {
            // A newer ingest cleaned this generation up: the live one has the same text when the content is unchanged.
            var live = IndexStore.CurrentGeneration(DataDir);
            var liveDoc = live is null ? null : IndexStore.ReadManifest(live)?.Documents.FirstOrDefault(d => d.Name == document);
            if (liveDoc?.Hash != meta.Hash)
            {
                return null;
            }

            path = IndexStore.TextPath(live!, document);
        }

        try
        {
            return _texts.GetOrAdd(document, File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The 1-based page of <paramref name="offset"/> in <paramref name="document"/>'s text, or null for formats without pages.</summary>
    public int? PageOf(string document, int offset) =>
        _documents.TryGetValue(document, out var d) && d.PageStarts is { } starts ? PdfText.PageOf(starts, offset) : null;

    /// <summary>Pairs of documents that are versions of one text.</summary>
    public IReadOnlyList<string[]> Duplicates => _manifest.Duplicates;

    /// <summary>Pairs of documents that are one text in two languages.</summary>
    public IReadOnlyList<string[]> Translations => _manifest.Translations;

    /// <summary>All extracted facts.</summary>
    public IReadOnlyList<KnowledgeFact> Facts => _facts;

    /// <summary>Passages in the index.</summary>
    public int ChunkCount => _reader.NumDocs;

    /// <summary>Opens the live generation in <paramref name="dataDir"/>, or returns null when there is none.</summary>
    public static LiteratureIndex? TryOpen(string dataDir, LiteratureOptions? options = null)
    {
        var generation = IndexStore.CurrentGeneration(dataDir);
        var manifest = generation is null ? null : IndexStore.ReadManifest(generation);
        return manifest is null ? null : new LiteratureIndex(dataDir, generation!, manifest, options ?? LiteratureOptions.Default);
    }

    /// <summary>
    /// Opens the index in <paramref name="dataDir"/>, building it from <paramref name="sources"/> first when there is none,
    /// when the sources differ from those it was built from, or when a file's content changed (re-ingest is incremental).
    /// </summary>
    public static LiteratureIndex OpenOrBuild(
        IReadOnlyList<string> sources,
        string dataDir,
        LiteratureOptions? options = null,
        IProgress<IngestProgress>? progress = null,
        Action<IngestReport>? built = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        options ??= LiteratureOptions.Default;
        if (!IsCurrent(sources, dataDir, options))
        {
            var report = LiteratureIngestor.Ingest(sources, dataDir, options, progress);
            built?.Invoke(report);
        }

        return TryOpen(dataDir, options) ?? throw new InvalidOperationException($"no literature index could be built in {dataDir}: no readable documents.");
    }

    /// <summary>The sources the live index in <paramref name="dataDir"/> was built from, or null when there is no index.</summary>
    public static IReadOnlyList<string>? IndexedSources(string dataDir)
    {
        var generation = IndexStore.CurrentGeneration(dataDir);
        return generation is null ? null : IndexStore.ReadManifest(generation)?.Sources;
    }

    /// <summary>True when the live index was built from exactly <paramref name="sources"/> and no file changed since.</summary>
    public static bool IsCurrent(IReadOnlyList<string> sources, string dataDir, LiteratureOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var generation = IndexStore.CurrentGeneration(dataDir);
        var manifest = generation is null ? null : IndexStore.ReadManifest(generation);
        if (manifest is null || !manifest.Sources.SequenceEqual(sources.Select(Path.GetFullPath), StringComparer.Ordinal))
        {
            return false;
        }

        if (options?.Embeddings is not null && manifest.EmbeddingModel != options.EmbeddingModelId)
        {
            return false;
        }

        var (files, _) = LiteratureIngestor.Enumerate(sources);
        var corpus = manifest.Documents.Where(d => d.Collection == LiteratureIngestor.CorpusCollection).ToList();
        var known = corpus.ToDictionary(d => d.Name, StringComparer.Ordinal);
        var excluded = (manifest.Excluded ?? []).ToHashSet(StringComparer.Ordinal);
        var readable = 0;
        foreach (var file in files.Where(f => DocumentReader.IsSupported(f) && !excluded.Contains(Path.GetFileName(f))))
        {
            try
            {
                var hash = DocumentReader.HashFile(file);
                if (manifest.Rejected?.GetValueOrDefault(Path.GetFileName(file)) == hash && !known.ContainsKey(Path.GetFileName(file)))
                {
                    continue; // could not be read last time either: not a change
                }

                if (!known.TryGetValue(Path.GetFileName(file), out var doc) || doc.Hash != hash)
                {
                    return false;
                }

                readable++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // An unreadable file that was indexed counts as unchanged until it can be read again; one never indexed was
                // reported by the ingest that met it and does not trigger another.
                readable += known.ContainsKey(Path.GetFileName(file)) ? 1 : 0;
            }
        }

        return readable == corpus.Count;
    }

    /// <summary>
    /// The best passages for <paramref name="query"/>: a Chinese query searches Chinese documents, any other query the English
    /// ones; acronyms and their expansions are added to the query; a passage repeated by another version of a document is
    /// returned once. With <paramref name="collection"/>, only documents of that collection are searched.
    /// </summary>
    public IReadOnlyList<LiteratureHit> Search(string query, int top = 5, string? collection = null) => Search(query, top, collection, null);

    /// <summary>The best passages for <paramref name="query"/> among <paramref name="documents"/> only (all when null).</summary>
    public IReadOnlyList<LiteratureHit> Search(string query, int top, string? collection, IReadOnlyCollection<string>? documents)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var scope = collection is null && documents is null ? null
            : DocumentScope(_manifest.Documents.Where(d => (collection is null || d.Collection == collection) && (documents is null || documents.Contains(d.Name))).Select(d => d.Name));
        if (scope is { Names.Count: 0 })
        {
            return [];
        }

        var language = TextSpans.ContainsCjk(query) ? "zh" : "en";
        var hits = SearchLanguage(query, language, top, scope);
        if (hits.Count == 0)
        {
            return SearchLanguage(query, language == "zh" ? "en" : "zh", top, scope);
        }

        // A name that only English documents contain ("什么是 DiffSBDD？") is looked up there first.
        if (language == "zh" && NamesOnlyInEnglish(query))
        {
            return SearchLanguage(query, "en", top, scope).Concat(hits).DistinctBy(h => h.Id).Take(top).ToList();
        }

        return hits;
    }

    /// <summary>The documents of a collection, as a Lucene filter and as a set for the dense ranking.</summary>
    private sealed record Scope(HashSet<string> Names, Filter Filter);

    private static Scope DocumentScope(IEnumerable<string> documents)
    {
        var names = documents.ToHashSet(StringComparer.Ordinal);
        var terms = new BooleanQuery();
        foreach (var name in names)
        {
            terms.Add(new TermQuery(new Term(Analysis.Doc, name)), Occur.SHOULD);
        }

        return new Scope(names, new QueryWrapperFilter(terms));
    }

    private bool NamesOnlyInEnglish(string query)
    {
        var latin = System.Text.RegularExpressions.Regex.Matches(query, "[A-Za-z][A-Za-z0-9-]{2,}").Select(m => m.Value.ToLowerInvariant());
        return latin.Any(word => _reader.DocFreq(new Term(Analysis.TextField("zh"), word)) == 0
            && Analysis.Terms(_analyzer, Analysis.TextField("en"), word).Any(t => _reader.DocFreq(new Term(Analysis.TextField("en"), t.Term)) > 0));
    }

    private List<LiteratureHit> SearchLanguage(string query, string language, int top, Scope? scope)
    {
        var lucene = BuildQuery(query, language);
        if (lucene is null)
        {
            return [];
        }

        var pool = Math.Max(Options.CandidatePool, top * 4);
        var topDocs = scope is null ? _searcher.Search(lucene, pool) : _searcher.Search(lucene, scope.Filter, pool);

        // Re-weight by block kind (read once at open), then load stored fields lazily: only the passages returned (and those
        // dropped as repeats of another version) are read from disk.
        var weighted = topDocs.ScoreDocs
            .Select(d => (d.Doc, Score: d.Score * KindWeight((BlockKind)_kinds[d.Doc])))
            .OrderByDescending(c => c.Score).ToList();
        IEnumerable<(LiteratureHit Hit, double Score)> ranked = weighted.Select(c => (Load(c.Doc, c.Score), c.Score));
        if (_vectors is not null && Options.IsDense(language))
        {
            ranked = Fuse(query, language, ranked.ToList(), pool, scope);
        }

        return Deduplicate(ranked, top);
    }

    /// <summary>
    /// The sentences of <paramref name="hit"/> that best answer <paramref name="query"/> (analysed-term overlap weighted by
    /// inverse document frequency), best first, each with its offsets in the file.
    /// </summary>
    public IReadOnlyList<ScoredSentence> BestSentences(LiteratureHit hit, string query, int count = 2)
    {
        ArgumentNullException.ThrowIfNull(hit);
        ArgumentNullException.ThrowIfNull(query);
        var field = Analysis.TextField(hit.Language);
        var queryList = Analysis.Terms(_analyzer, field, query).Select(t => t.Term).ToList();
        var queryTerms = queryList.Concat(ExpansionTerms(query, hit.Language, field)).ToHashSet(StringComparer.Ordinal);
        var queryPairs = queryList.Zip(queryList.Skip(1)).ToHashSet();
        var documents = Math.Max(1, _reader.NumDocs);
        double Idf(string term)
        {
            var df = _reader.DocFreq(new Term(field, term));
            return Math.Log(1 + ((documents - df + 0.5) / (df + 0.5)));
        }

        var sentences = Sentences.Split(hit.Text, 0, hit.Text.Length);
        var scored = new List<ScoredSentence>();
        for (var i = 0; i < sentences.Count; i++)
        {
            var sentence = sentences[i];
            var text = hit.Text[sentence.Start..sentence.End];
            var list = Analysis.Terms(_analyzer, field, text).Select(t => t.Term).ToList();
            var terms = list.ToHashSet(StringComparer.Ordinal);
            var score = queryTerms.Where(terms.Contains).Sum(Idf);

            // Query words found side by side ("protein structure prediction") say more than the same words scattered.
            score += list.Zip(list.Skip(1)).Distinct().Where(queryPairs.Contains).Sum(p => (Idf(p.First) + Idf(p.Second)) / 4);

            // "This model has been used to …" needs what came before to say which model: quote from the nearest earlier
            // sentence (at most three back) that names a known model or acronym, else from the sentence before.
            var start = sentence.Start;
            if (i > 0 && Anaphora().IsMatch(text))
            {
                start = sentences[i - 1].Start;
                for (var back = i - 1; back >= Math.Max(0, i - 3); back--)
                {
                    var earlier = hit.Text[sentences[back].Start..sentences[back].End];
                    if (_names.Any(n => KnowledgeExtractor.ContainsWord(earlier, n)))
                    {
                        start = sentences[back].Start;
                        break;
                    }
                }
            }

            scored.Add(new ScoredSentence(hit.Document, hit.Start + start, hit.Start + sentence.End, hit.Text[start..sentence.End], score, PageOf(hit.Document, hit.Start + start)));
        }

        return scored.OrderByDescending(s => s.Score).ThenBy(s => s.Start).Take(count).ToList();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?:This|These|Those|It|Its|They|Their|Such|The latter|The former|This model|This method|This approach)\b(?!\s+(?:paper|article|review|study|work)\b)", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex Anaphora();

    /// <summary>
    /// "What is X": facts about <paramref name="term"/> — its expansion (or short form), definitions, where it is named as a
    /// model or method, figures reported about it, formulas — each with source offsets and a verbatim quote. One copy per
    /// fact across versions of a document.
    /// </summary>
    public IReadOnlyList<KnowledgeFact> Lookup(string term, int max = 20)
    {
        ArgumentNullException.ThrowIfNull(term);
        var subject = term.Trim().TrimEnd('?', '？', '.').Trim();
        foreach (var prefix in new[] { "what is ", "what are ", "what's ", "define ", "who is " })
        {
            if (subject.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                subject = subject[prefix.Length..].Trim();
            }
        }

        subject = subject.Trim('"', '\'', '“', '”');
        if (subject.StartsWith("the ", StringComparison.OrdinalIgnoreCase) || subject.StartsWith("an ", StringComparison.OrdinalIgnoreCase) || subject.StartsWith("a ", StringComparison.OrdinalIgnoreCase))
        {
            subject = subject[(subject.IndexOf(' ', StringComparison.Ordinal) + 1)..];
        }

        if (subject.Length == 0)
        {
            return [];
        }

        // The names of the subject: itself, plus its short or long forms.
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { subject };
        foreach (var fact in _facts.Where(f => f.Kind == FactKind.Acronym))
        {
            if (fact.Subject.Equals(subject, StringComparison.OrdinalIgnoreCase) || fact.Value.Equals(subject, StringComparison.OrdinalIgnoreCase))
            {
                names.Add(fact.Subject);
                names.Add(fact.Value);
            }
        }

        // A question rather than a term ("the two parts of a generative adversarial network"): the known names it contains.
        if (!_facts.Any(f => names.Contains(f.Subject)))
        {
            var known = _facts.Where(f => f.Kind is FactKind.Acronym or FactKind.NamedModel)
                .SelectMany(f => f.Kind == FactKind.Acronym ? new[] { f.Subject, f.Value } : [f.Subject])
                .Where(n => n.Length >= 3 && KnowledgeExtractor.ContainsWord(subject.ToUpperInvariant(), n.ToUpperInvariant()))
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var fact in _facts.Where(f => f.Kind == FactKind.Acronym && (known.Contains(f.Subject) || known.Contains(f.Value))))
            {
                known.Add(fact.Subject);
                known.Add(fact.Value);
            }

            names.UnionWith(known);
        }

        var matches = _facts.Where(f => f.Kind switch
        {
            FactKind.Acronym => names.Contains(f.Subject),
            FactKind.Formula => names.Contains(f.Subject) || names.Contains(f.Value),
            FactKind.Quantity => names.Contains(f.Subject) || names.Any(n => n.Length >= 3 && KnowledgeExtractor.ContainsWord(f.Quote, n)),
            _ => names.Contains(f.Subject) || names.Any(n => n.Length >= 3 && KnowledgeExtractor.ContainsWord(f.Subject.ToUpperInvariant(), n.ToUpperInvariant()) && f.Subject.Length - n.Length <= 40),
        });
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<KnowledgeFact>();
        foreach (var fact in matches.OrderBy(f => f.Kind).ThenBy(f => LanguageOf(f.Document) == (TextSpans.ContainsCjk(term) ? "zh" : "en") ? 0 : 1).ThenBy(f => f.Document, StringComparer.Ordinal).ThenBy(f => f.Start))
        {
            // The same fact from another version of the document adds nothing.
            var key = $"{fact.Kind}|{fact.Subject}|{(fact.Kind is FactKind.Acronym or FactKind.Formula ? fact.Value : Normalise(fact.Quote))}";
            if (seen.Add(key))
            {
                result.Add(fact);
            }
        }

        return result.Take(max).ToList();
    }

    /// <summary>Expansions of acronyms in the query (and acronyms of expansions in it), in the query's language.</summary>
    public IReadOnlyList<(string Short, string Long)> Expansions(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var language = TextSpans.ContainsCjk(query) ? "zh" : "en";
        if (!_acronyms.TryGetValue(language, out var pairs))
        {
            return [];
        }

        return pairs.Where(p => KnowledgeExtractor.ContainsWord(query, p.Short) || (p.Short.Length >= 4 && query.Contains(p.Short, StringComparison.OrdinalIgnoreCase))
                || query.Contains(p.Long, StringComparison.OrdinalIgnoreCase))
            .DistinctBy(p => (p.Short.ToUpperInvariant(), p.Long.ToLowerInvariant())).Take(8).ToList();
    }

    /// <summary>
    /// Every document's byline, one per version group (two versions of one text list the first), in index order: the
    /// author line recovered at ingest, located in the stored text so that it can be quoted verbatim.
    /// </summary>
    public IReadOnlyList<DocumentByline> Bylines() => _bylines ??= ReadBylines();

    private List<DocumentByline> ReadBylines()
    {
        var bylines = new List<DocumentByline>();
        var groups = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in _manifest.Documents)
        {
            if (!groups.Add(_versionGroup.GetValueOrDefault(d.Name, d.Name)))
            {
                continue;
            }

            var text = DocumentText(d.Name) ?? string.Empty;
            var line = d.Authors.Length > 0 ? d.Authors : d.Title;
            var start = line.Length > 0 ? text.IndexOf(line, StringComparison.Ordinal) : -1;
            var names = d.Authors.Length > 0 ? LibraryQuestions.AuthorNames(d.Authors) : [];
            var original = _manifest.Translations.FirstOrDefault(t => t.Length == 2 && t[1] == d.Name)?[0];
            bylines.Add(new DocumentByline(d.Name, d.Title, d.Language, start >= 0 ? d.Authors : string.Empty, start >= 0 ? names : [], start, start >= 0 ? start + line.Length : -1, start >= 0 ? PageOf(d.Name, start) : null, original));
        }

        return bylines;
    }

    /// <summary>
    /// The documents whose title the question names, best first, with a score: the summed inverse document frequency
    /// (over the titles) of the question's analysed terms that the title contains, its authorship and library wording
    /// left out. A match needs a term of one title or of fewer than half of them ("materials", in two titles of four,
    /// names none of them); documents within <paramref name="share"/> of the best score are returned, so that a question that fits two
    /// titles equally gets both.
    /// </summary>
    public IReadOnlyList<(DocumentByline Byline, double Score)> MatchTitles(string question, double share = 0.75)
    {
        ArgumentNullException.ThrowIfNull(question);
        var bylines = Bylines();
        var language = TextSpans.ContainsCjk(question) ? "zh" : "en";
        var field = Analysis.TitleField(language);
        var titles = bylines.Select(b => Analysis.Terms(_analyzer, field, b.Title).Select(t => t.Term).ToHashSet(StringComparer.Ordinal)).ToList();
        var asked = Analysis.Terms(_analyzer, field, LibraryQuestions.TitleWords(question)).Select(t => t.Term).ToHashSet(StringComparer.Ordinal);
        var scored = new List<(DocumentByline, double)>();
        for (var i = 0; i < bylines.Count; i++)
        {
            var matched = asked.Where(titles[i].Contains).Select(t => titles.Count(s => s.Contains(t))).ToList();
            if (matched.Any(df => df == 1 || df * 2 < bylines.Count))
            {
                scored.Add((bylines[i], matched.Sum(df => Math.Log(1 + (double)bylines.Count / df))));
            }
        }

        if (scored.Count == 0)
        {
            return [];
        }

        var best = scored.Max(s => s.Item2);
        return scored.Where(s => s.Item2 >= share * best).OrderByDescending(s => s.Item2).ToList();
    }

    /// <summary>
    /// The documents a question names as its source, with the words that named each: an author of the document
    /// ("Hu et al.", "by Fujinuma"; the first author when several documents share the name) or words of its title before a
    /// paper word ("the reflections paper"). Other versions and translations of a named document are named with it, so
    /// a search scoped to them finds the text in either language. Empty when the question names none.
    /// </summary>
    public IReadOnlyList<NamedDocument> NamedDocuments(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var bylines = Bylines();
        var named = new List<(DocumentByline Byline, string How)>();
        foreach (var surname in LibraryQuestions.NamedAuthors(question))
        {
            var authored = bylines.Where(b => b.Names.Any(n => HasNamePart(n, surname))).ToList();
            var first = authored.Where(b => HasNamePart(b.Names[0], surname)).ToList();
            named.AddRange((first.Count > 0 ? first : authored).Select(b => (b, surname)));
        }

        foreach (var words in LibraryQuestions.NamedTitles(question))
        {
            // A title match needs a word that sets the document apart; "the review" or "this paper" names none.
            named.AddRange(MatchTitles(words, 1.0).Select(m => (m.Byline, $"the {words} {PaperWord(question, words)}".TrimEnd())));
        }

        var result = new List<NamedDocument>();
        foreach (var (byline, how) in named)
        {
            var group = _versionGroup.GetValueOrDefault(byline.Document, byline.Document);
            foreach (var d in _manifest.Documents.Where(d => _versionGroup.GetValueOrDefault(d.Name, d.Name) == group
                         || _manifest.Translations.Any(t => t.Length == 2 && (t[0] == byline.Document && t[1] == d.Name || t[1] == byline.Document && t[0] == d.Name))))
            {
                if (result.All(r => r.Document != d.Name))
                {
                    result.Add(new NamedDocument(d.Name, d.Title, how));
                }
            }
        }

        return result;
    }

    private static bool HasNamePart(string name, string surname) =>
        name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Any(part => part.Equals(surname, StringComparison.Ordinal));

    private static string PaperWord(string question, string words)
    {
        var at = question.IndexOf(words, StringComparison.OrdinalIgnoreCase);
        var rest = at < 0 ? string.Empty : question[(at + words.Length)..].TrimStart();
        return rest.Split(' ', '?', '.', ',')[0];
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
        _analyzer.Dispose();
    }

    private string LanguageOf(string document) => _documents.TryGetValue(document, out var d) ? d.Language : "en";

    private BooleanQuery? BuildQuery(string query, string language)
    {
        var text = Analysis.TextField(language);
        var section = Analysis.SectionField(language);
        var title = Analysis.TitleField(language);
        // Bounded so that a pasted page cannot exceed Lucene's 1,024 clauses per query.
        var terms = Analysis.Terms(_analyzer, text, query).Take(MaxQueryTerms).ToList();
        var expansion = ExpansionTerms(query, language, text);
        if (terms.Count == 0 && expansion.Count == 0)
        {
            return null;
        }

        var boolean = new BooleanQuery();
        foreach (var term in terms.Select(t => t.Term).Distinct(StringComparer.Ordinal))
        {
            boolean.Add(new TermQuery(new Term(text, term)), Occur.SHOULD);
            boolean.Add(new TermQuery(new Term(section, term)) { Boost = Options.SectionBoost }, Occur.SHOULD);
            boolean.Add(new TermQuery(new Term(title, term)) { Boost = Options.TitleBoost }, Occur.SHOULD);
        }

        // Adjacent query words found together weigh more than scattered ones ("dataset bias", "limited sloppiness").
        for (var i = 0; i + 1 < terms.Count; i++)
        {
            var phrase = new PhraseQuery { Slop = 2, Boost = 0.5f };
            phrase.Add(new Term(text, terms[i].Term), 0);
            phrase.Add(new Term(text, terms[i + 1].Term), terms[i + 1].Position - terms[i].Position);
            boolean.Add(phrase, Occur.SHOULD);
        }

        // The whole query as a loose phrase: Chinese bigrams of one word ("生成流网络") or a quoted name come together.
        if (terms.Count >= 3 && terms.Count <= 12)
        {
            var whole = new PhraseQuery { Slop = terms.Count, Boost = 1.0f };
            foreach (var (term, position) in terms)
            {
                whole.Add(new Term(text, term), position);
            }

            boolean.Add(whole, Occur.SHOULD);
        }

        foreach (var term in expansion.Except(terms.Select(t => t.Term), StringComparer.Ordinal))
        {
            boolean.Add(new TermQuery(new Term(text, term)) { Boost = 0.6f }, Occur.SHOULD);
        }

        return boolean;
    }

    private List<string> ExpansionTerms(string query, string language, string field) =>
        Expansions(query).SelectMany(p => Analysis.Terms(_analyzer, field, p.Short + " " + p.Long)).Select(t => t.Term).Distinct(StringComparer.Ordinal).ToList();

    private LiteratureHit Load(int docId, double score)
    {
        var doc = _searcher.Doc(docId);
        var name = doc.Get(Analysis.Doc);
        var meta = _documents.GetValueOrDefault(name);
        return new LiteratureHit(
            doc.Get(Analysis.Id),
            name,
            meta?.Title ?? "",
            doc.Get(Analysis.Section),
            Enum.TryParse<BlockKind>(doc.Get(Analysis.Kind), out var kind) ? kind : BlockKind.Paragraph,
            meta?.Language ?? "en",
            score,
            doc.Get(Analysis.StoredText),
            doc.GetField(Analysis.Start).GetInt32Value() ?? 0,
            doc.GetField(Analysis.End).GetInt32Value() ?? 0,
            doc.GetField(Analysis.Page)?.GetInt32Value() is int page and > 0 ? page : null);
    }

    /// <summary>
    /// Block kinds of all passages, read once: Lucene's doc-value readers seek a shared file and are not safe to share
    /// between threads, and an array of one byte a passage is small (100 KB for 100,000 passages).
    /// </summary>
    private static byte[] LoadKinds(DirectoryReader reader)
    {
        var kinds = new byte[reader.MaxDoc];
        Array.Fill(kinds, (byte)BlockKind.Paragraph);
        foreach (var leaf in reader.Leaves)
        {
            var values = leaf.AtomicReader.GetNumericDocValues(Analysis.KindValue);
            if (values is null)
            {
                continue;
            }

            for (var doc = 0; doc < leaf.AtomicReader.MaxDoc; doc++)
            {
                kinds[leaf.DocBase + doc] = (byte)values.Get(doc);
            }
        }

        return kinds;
    }

    private double KindWeight(BlockKind kind) => kind switch
    {
        BlockKind.Reference => Options.ReferenceWeight,
        BlockKind.Front => Options.FrontWeight,
        _ => 1.0,
    };

    /// <summary>Reciprocal rank fusion of the BM25 ranking with the embedding ranking (Cormack, Clarke &amp; Büttcher 2009).</summary>
    private List<(LiteratureHit Hit, double Score)> Fuse(string query, string language, List<(LiteratureHit Hit, double Score)> bm25, int pool, Scope? scope)
    {
        var embedding = VectorStore.EmbedAsync(Options.Embeddings!, [query], CancellationToken.None).GetAwaiter().GetResult()[0];
        var dense = _vectors!.Nearest(embedding, pool, id =>
        {
            var document = id[..id.LastIndexOf('#')];
            return LanguageOf(document) == language && (scope is null || scope.Names.Contains(document));
        });
        var fused = new Dictionary<string, double>(StringComparer.Ordinal);
        var hits = new Dictionary<string, LiteratureHit>(StringComparer.Ordinal);
        for (var rank = 0; rank < bm25.Count; rank++)
        {
            hits[bm25[rank].Hit.Id] = bm25[rank].Hit;
            fused[bm25[rank].Hit.Id] = 1.0 / (Options.RrfK + rank + 1) * KindWeight(bm25[rank].Hit.Kind);
        }

        for (var rank = 0; rank < dense.Count; rank++)
        {
            var id = dense[rank];
            if (!hits.TryGetValue(id, out var hit))
            {
                var found = _searcher.Search(new TermQuery(new Term(Analysis.Id, id)), 1).ScoreDocs;
                if (found.Length == 0)
                {
                    continue;
                }

                hits[id] = hit = Load(found[0].Doc, 0);
            }

            fused[id] = fused.GetValueOrDefault(id) + (Options.DenseWeight / (Options.RrfK + rank + 1) * KindWeight(hit.Kind));
        }

        return fused.OrderByDescending(p => p.Value).Select(p => (hits[p.Key] with { Score = p.Value }, p.Value)).ToList();
    }

    private List<LiteratureHit> Deduplicate(IEnumerable<(LiteratureHit Hit, double Score)> ranked, int top)
    {
        var accepted = new List<(LiteratureHit Hit, HashSet<ulong> Shingles)>();
        foreach (var (hit, score) in ranked)
        {
            var group = _versionGroup.GetValueOrDefault(hit.Document, hit.Document);
            var shingles = NearDuplicates.PassageShingles(hit.Text);
            var repeated = accepted.Any(a => a.Hit.Document != hit.Document
                && _versionGroup.GetValueOrDefault(a.Hit.Document, a.Hit.Document) == group
                && NearDuplicates.Jaccard(a.Shingles, shingles) >= Options.DuplicateOverlap);
            if (!repeated)
            {
                accepted.Add((hit with { Score = score }, shingles));
                if (accepted.Count == top)
                {
                    break;
                }
            }
        }

        return accepted.Select(a => a.Hit).ToList();
    }

    private static string Normalise(string text) => new(text.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    private static Dictionary<string, string> Groups(IEnumerable<string> names, IEnumerable<string[]> pairs)
    {
        var parent = names.ToDictionary(n => n, n => n, StringComparer.Ordinal);
        string Find(string x) => parent[x] == x ? x : parent[x] = Find(parent[x]);
        foreach (var pair in pairs)
        {
            if (parent.ContainsKey(pair[0]) && parent.ContainsKey(pair[1]))
            {
                var (a, b) = (Find(pair[0]), Find(pair[1]));
                if (a != b)
                {
                    parent[string.CompareOrdinal(a, b) < 0 ? b : a] = string.CompareOrdinal(a, b) < 0 ? a : b;
                }
            }
        }

        return parent.Keys.ToList().ToDictionary(n => n, Find, StringComparer.Ordinal);
    }
}

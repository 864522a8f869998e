namespace MatAssistant.Literature;

/// <summary>
/// The index of a data directory for a long-running process (chat, server): <see cref="Current"/> opens the newest
/// generation whenever another process has published one, so documents added by <c>ingest --add</c> are found without a
/// restart. Thread-safe. Replaced instances are kept open until this object is disposed, because a search may still run on them.
/// </summary>
public sealed class LiveLiteratureIndex(string dataDir, LiteratureOptions? options = null) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<LiteratureIndex> _retired = [];
    private LiteratureIndex? _current;

    /// <summary>The newest generation, or null while the data directory has no index.</summary>
    public LiteratureIndex? Current
    {
        get
        {
            lock (_gate)
            {
                if (_current is null || !_current.IsLatest)
                {
                    var next = LiteratureIndex.TryOpen(dataDir, options);
                    if (next is not null)
                    {
                        if (_current is not null)
                        {
                            _retired.Add(_current);
                        }

                        _current = next;
                    }
                }

                return _current;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _current?.Dispose();
            _retired.ForEach(i => i.Dispose());
            _retired.Clear();
            _current = null;
        }
    }
}

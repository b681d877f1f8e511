namespace DicomWeb.Client;

/// <summary>
/// The accounting of one store, kept once for every <see cref="IDicomWebClient"/> (the HTTP client,
/// the folder store, a store of yours): the outcome of each input by its position (stored, failed
/// or not sent), the failures tied to no input, the requests (or writes) made, the progress they
/// report, and the <see cref="StowResult"/> that lists every input exactly once, in the order given.
/// Safe to fill from several threads at once; an outcome recorded again for an input replaces the
/// earlier one.
/// </summary>
/// <example><code>
/// var accounting = new StowResultBuilder(inputs, progress);
/// accounting.Stored(0, new StowStoredInstance(sopClass, sop, null, null, inputs[0].Source));
/// accounting.Completed(new StowResponse(url, HttpStatusCode.OK, 1, bytes, 1, null, null));
/// StowResult result = accounting.ToResult();   // inputs without an outcome: not sent
/// </code></example>
public sealed class StowResultBuilder
{
    private readonly object _lock = new();
    private readonly object?[] _outcomes;
    private readonly List<StowFailedInstance> _otherFailures = [];
    private readonly List<StowResponse> _responses = [];
    private readonly IProgress<StowProgress>? _progress;
    private long _bytesSent;
    private int _done;

    /// <summary>The accounting of a store of <paramref name="inputs"/>, reporting to <paramref name="progress"/> as requests complete.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> is null.</exception>
    public StowResultBuilder(IReadOnlyList<StowInstance> inputs, IProgress<StowProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        Inputs = inputs;
        _outcomes = new object?[inputs.Count];
        _progress = progress;
    }

    /// <summary>The inputs of the store, in the order given: an outcome's index is its position here.</summary>
    public IReadOnlyList<StowInstance> Inputs { get; }

    /// <summary>How many inputs have an outcome so far.</summary>
    public int Done
    {
        get
        {
            lock (_lock)
                return _done;
        }
    }

    /// <summary>Records input <paramref name="index"/> as stored (with its warning, if any).</summary>
    /// <exception cref="ArgumentOutOfRangeException">No input has that index.</exception>
    public void Stored(int index, StowStoredInstance instance) => Set(index, instance ?? throw new ArgumentNullException(nameof(instance)));

    /// <summary>Records input <paramref name="index"/> as not stored, and why.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No input has that index.</exception>
    public void Failed(int index, StowFailedInstance instance) => Set(index, instance ?? throw new ArgumentNullException(nameof(instance)));

    /// <summary>Records input <paramref name="index"/> as never sent, and why (named by its input's source).</summary>
    /// <exception cref="ArgumentOutOfRangeException">No input has that index.</exception>
    public void NotSent(int index, string reason, string? sopInstanceUid = null)
    {
        ArgumentNullException.ThrowIfNull(reason);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Inputs.Count);
        Set(index, new StowNotSentInstance(sopInstanceUid, reason, Inputs[index].Source));
    }

    /// <summary>Records every input from <paramref name="index"/> on that has no outcome yet as never sent (a store canceled or stopped part way).</summary>
    public void NotSentFrom(int index, string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        lock (_lock)
        {
            for (int i = Math.Max(index, 0); i < _outcomes.Length; i++)
            {
                if (_outcomes[i] is null)
                {
                    _outcomes[i] = new StowNotSentInstance(null, reason, Inputs[i].Source);
                    _done++;
                }
            }
        }
    }

    /// <summary>Records a failure the store did not tie to any input (an OtherFailuresSequence item, or a FailedSOPSequence item of no instance sent).</summary>
    public void OtherFailure(StowFailedInstance failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        lock (_lock)
            _otherFailures.Add(failure);
    }

    /// <summary>
    /// Records a request (or write) as completed, once the outcomes of its instances are recorded,
    /// and reports the progress so far. Reported under a lock: a progress handler never runs twice at once.
    /// </summary>
    public void Completed(StowResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        lock (_lock)
        {
            _responses.Add(response);
            _bytesSent += response.Bytes;
            _progress?.Report(new StowProgress(_done, _outcomes.Length, _bytesSent, response));
        }
    }

    /// <summary>The result: every input once, in the order given; an input without an outcome yet is listed as not sent (the store was canceled before it was sent).</summary>
    public StowResult ToResult()
    {
        lock (_lock)
        {
            var stored = new List<StowStoredInstance>();
            var failed = new List<StowFailedInstance>();
            var notSent = new List<StowNotSentInstance>();
            for (int i = 0; i < _outcomes.Length; i++)
            {
                switch (_outcomes[i])
                {
                    case StowStoredInstance s: stored.Add(s); break;
                    case StowFailedInstance f: failed.Add(f); break;
                    case StowNotSentInstance n: notSent.Add(n); break;
                    default: notSent.Add(new StowNotSentInstance(null, "the store was canceled before this instance was sent", Inputs[i].Source)); break;
                }
            }
            return new StowResult(stored, failed, notSent, [.. _otherFailures], [.. _responses]);
        }
    }

    private void Set(int index, object outcome)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _outcomes.Length);
        lock (_lock)
        {
            // A later outcome replaces an earlier one (what is known last is what the result says); the input still counts once.
            if (_outcomes[index] is null)
                _done++;
            _outcomes[index] = outcome;
        }
    }
}

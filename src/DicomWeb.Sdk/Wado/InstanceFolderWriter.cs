using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Microsoft.Win32.SafeHandles;

namespace DicomWeb.Client;

/// <summary>
/// Writes the instances of a retrieve to files on a task of its own while the response is read:
/// the reader hands each part's bytes over in chunks of up to <see cref="ChunkBytes"/> (as the connection gives them), through at most
/// <see cref="Chunks"/> buffers (made as needed) that the writer gives back once written, so memory is
/// bounded by <see cref="BoundBytes"/> (2 MiB) whatever the size or number of the parts, and the
/// network waits only when the disk is that far behind. Files are written in order, each under the
/// name it was begun with (or renamed once by the SOP Instance UID read from it), and a file that
/// was not ended (the body broke off, the call was canceled, the disk failed) is deleted before the
/// writer ends: no partial instance is left.
/// </summary>
internal sealed class InstanceFolderWriter
{
    /// <summary>The bytes of one buffer: one write to the file.</summary>
    public const int ChunkBytes = 256 * 1024;

    /// <summary>The buffers between reader and writer.</summary>
    public const int Chunks = 8;

    /// <summary>The most part bytes held in memory at once.</summary>
    public const int BoundBytes = ChunkBytes * Chunks;

    private readonly Channel<byte[]> _free = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Channel<Step> _steps = Channel.CreateUnbounded<Step>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stop;
    private readonly IProgress<SaveProgress>? _progress;
    private readonly Func<string, int, string?, Exception, Exception> _unnamed;
    private readonly List<string> _files = [];
    private readonly Task _writing;
    private ExceptionDispatchInfo? _failure;
    private long _bytes;
    private int _allocated;   // buffers made so far (the reader's side only)

    /// <param name="stop">Canceled by the writer when it fails, so that the reader stops too.</param>
    /// <param name="progress">Told of each file once it is on disk (on the writer's task).</param>
    /// <param name="unnamed">The error for a part whose SOP Instance UID cannot be read (its temporary path, 1-based index, Content-Location, the cause).</param>
    public InstanceFolderWriter(CancellationTokenSource stop, IProgress<SaveProgress>? progress, Func<string, int, string?, Exception, Exception> unnamed)
    {
        _stop = stop;
        _progress = progress;
        _unnamed = unnamed;
        _writing = Task.Run(WriteAsync);
    }

    /// <summary>
    /// A buffer to fill: one the writer gave back, a new one while there are fewer than
    /// <see cref="Chunks"/> (a small retrieve, or a disk that keeps up, needs only a few), or else
    /// the next the writer gives back.
    /// </summary>
    /// <exception cref="OperationCanceledException">The writer failed (or the call was canceled).</exception>
    public ValueTask<byte[]> RentAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_free.Reader.TryRead(out byte[]? free))
            return new ValueTask<byte[]>(free);
        if (_allocated < Chunks)
        {
            _allocated++;
            return new ValueTask<byte[]>(new byte[ChunkBytes]);
        }
        return _free.Reader.ReadAsync(cancellationToken);
    }

    /// <summary>Starts a file: the chunks that follow are its content.</summary>
    /// <param name="path">Its name, or a temporary one when <paramref name="named"/> is false.</param>
    /// <param name="named">Whether <paramref name="path"/> is the file's name already (else it is renamed by the UID read from it).</param>
    /// <param name="index">The part's 1-based index, for errors.</param>
    /// <param name="contentLocation">The part's Content-Location, for errors.</param>
    public void Begin(string path, bool named, int index, string? contentLocation) =>
        _steps.Writer.TryWrite(new Step(StepKind.Begin, null, 0, path, named, index, contentLocation));

    /// <summary>Hands over <paramref name="length"/> bytes of a rented buffer (0: just gives it back).</summary>
    public void Write(byte[] buffer, int length)
    {
        if (length == 0)
            _free.Writer.TryWrite(buffer);
        else
            _steps.Writer.TryWrite(new Step(StepKind.Write, buffer, length, null, false, 0, null));
    }

    /// <summary>Ends the file begun last: it is closed, named, counted and reported.</summary>
    public void End() => _steps.Writer.TryWrite(new Step(StepKind.End, null, 0, null, false, 0, null));

    /// <summary>Waits for every file handed over to be written; the files, in order.</summary>
    public async Task<IReadOnlyList<string>> CompleteAsync()
    {
        _steps.Writer.TryComplete();
        await _writing.ConfigureAwait(false);
        _failure?.Throw();
        return _files;
    }

    /// <summary>
    /// Stops after the files already ended are written; the file begun and not ended is deleted.
    /// Returns the writer's own failure when there was one (it stopped the reader), else null.
    /// </summary>
    public async Task<ExceptionDispatchInfo?> AbortAsync()
    {
        _steps.Writer.TryWrite(new Step(StepKind.Abort, null, 0, null, false, 0, null));
        _steps.Writer.TryComplete();
        await _writing.ConfigureAwait(false);
        return _failure;
    }

    private async Task WriteAsync()
    {
        SafeFileHandle? file = null;
        Step begun = default;
        long offset = 0;
        try
        {
            while (await _steps.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (_steps.Reader.TryRead(out Step step))
                {
                    switch (step.Kind)
                    {
                        case StepKind.Begin:
                            file = NewFile.Open(step.Path!); // not FileMode.Create: see NewFile
                            begun = step; // only once it is ours to delete
                            offset = 0;
                            break;
                        case StepKind.Write:
                            // Synchronous: a write to the page cache is a copy, and a hop to an I/O
                            // thread per chunk would cost more than it saves.
                            RandomAccess.Write(file!, step.Buffer.AsSpan(0, step.Length), offset);
                            offset += step.Length;
                            _free.Writer.TryWrite(step.Buffer!);
                            break;
                        case StepKind.End:
                            file!.Dispose();
                            file = null;
                            string path = begun.Named ? begun.Path! : await NameAsync(begun).ConfigureAwait(false);
                            begun = default;
                            _bytes += offset;
                            _files.Add(path);
                            _progress?.Report(new SaveProgress(_files.Count, _bytes, path));
                            break;
                        case StepKind.Abort:
                            Discard(file, begun);
                            return;
                    }
                }
            }
        }
        catch (Exception e)
        {
            _failure = ExceptionDispatchInfo.Capture(e);
            _stop.Cancel(); // the reader stops at its next read and reports this failure
            try
            {
                Discard(file, begun);
            }
            catch (Exception e2) when (e2 is IOException or UnauthorizedAccessException)
            {
                // The first failure is the one to report; the file system refused the cleanup too.
            }
        }
    }

    // Never leave a partial instance under a real name (nor a temporary file).
    private static void Discard(SafeFileHandle? file, Step begun)
    {
        file?.Dispose();
        if (begun.Path is not null)
            File.Delete(begun.Path);
    }

    // A part whose name was not in its first chunk: the UID is read from the file (through a memory
    // map that touches only the first pages), and the file renamed.
    private async Task<string> NameAsync(Step begun)
    {
        string uid;
        try
        {
            DicomFile read = await DicomFile.OpenAsync(begun.Path!, new DicomReadOptions { StopBeforePixelData = true, MaxValueBytesInMemory = 4096 }).ConfigureAwait(false);
            string? found = read.FileMetaInformation.Get(DicomTags.MediaStorageSOPInstanceUID) ?? read.Dataset.Get(DicomTags.SOPInstanceUID);
            uid = DicomUid.IsValid(found) ? found! : throw new DicomFileException("the retrieved instance has no valid SOP Instance UID", begun.Path, 0, DicomTags.SOPInstanceUID);
        }
        catch (DicomFileException e)
        {
            throw _unnamed(begun.Path!, begun.Index, begun.ContentLocation, e);
        }
        string named = Path.Combine(Path.GetDirectoryName(begun.Path)!, uid + ".dcm");
        File.Move(begun.Path!, named, overwrite: true);
        return named;
    }

    private enum StepKind : byte { Begin, Write, End, Abort }

    private readonly record struct Step(StepKind Kind, byte[]? Buffer, int Length, string? Path, bool Named, int Index, string? ContentLocation);
}

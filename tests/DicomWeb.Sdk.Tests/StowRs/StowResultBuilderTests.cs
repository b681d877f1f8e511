using System.Net;
using DicomWeb.Client;

namespace DicomWeb.Sdk.Tests.StowRs;

/// <summary>
/// StowResultBuilder, the STOW accounting the HTTP client and the folder store share (#27 item 2):
/// every input in the result once, in the order given, whatever order outcomes come in.
/// </summary>
public class StowResultBuilderTests
{
    private static readonly Uri Url = new("http://store.example/dicom-web/studies");

    private static List<StowInstance> Inputs(int count) =>
        [.. Enumerable.Range(1, count).Select(i => StowInstance.FromBytes(new byte[] { 1, 2, 3 }, $"bytes {i}"))];

    [Fact]
    public void Every_input_is_listed_once_in_the_order_given_and_those_without_an_outcome_as_not_sent()
    {
        var result = new StowResultBuilder(Inputs(5));
        result.Failed(3, new StowFailedInstance("1.2", "1.2.3.4", 0x0110, "Processing failure", "bytes 4", HttpStatusCode.Conflict));
        result.Stored(2, new StowStoredInstance("1.2", "1.2.3.3", null, 0xB000, "bytes 3"));
        result.Stored(0, new StowStoredInstance("1.2", "1.2.3.1", null, null, "bytes 1"));
        result.NotSent(4, "an earlier request failed", "1.2.3.5");
        result.OtherFailure(new StowFailedInstance(null, null, 0xC000, "cannot understand", null, HttpStatusCode.Conflict));

        StowResult done = result.ToResult();

        Assert.Equal(["bytes 1", "bytes 3"], done.Stored.Select(s => s.Source));
        Assert.Equal(["bytes 4"], done.Failed.Select(f => f.Source));
        Assert.Equal(["bytes 2", "bytes 5"], done.NotSent.Select(n => n.Source));
        Assert.Equal("the store was canceled before this instance was sent", done.NotSent[0].Reason);
        Assert.Equal("1.2.3.5", done.NotSent[1].SopInstanceUid);
        Assert.Single(done.OtherFailures);
        Assert.Equal("2 stored (1 with warnings), 1 failed, 2 not sent, 1 other failures in 0 requests", done.ToString());
    }

    [Fact]
    public void Progress_counts_each_input_once_and_the_bytes_of_every_request()
    {
        var reports = new List<StowProgress>();
        var result = new StowResultBuilder(Inputs(3), new SynchronousProgress(reports.Add));
        result.Stored(0, new StowStoredInstance("1.2", "1.2.3.1", null, null, "bytes 1"));
        result.Completed(new StowResponse(Url, HttpStatusCode.OK, 1, 100, 1, null, null));
        // A later outcome for the same input replaces the first and is not counted again.
        result.Failed(0, new StowFailedInstance("1.2", "1.2.3.1", null, "no response; the outcome is unknown", "bytes 1", null));
        result.NotSentFrom(1, "the store was canceled");
        result.Completed(new StowResponse(Url, null, 1, 50, 1, null, null));

        Assert.Equal([(1, 3, 100L), (3, 3, 150L)], reports.Select(r => (r.InstancesDone, r.TotalInstances, r.BytesSent)));
        Assert.Equal(3, result.Done);
        StowResult done = result.ToResult();
        Assert.Empty(done.Stored);
        Assert.Equal("bytes 1", Assert.Single(done.Failed).Source);
        Assert.Equal(["the store was canceled", "the store was canceled"], done.NotSent.Select(n => n.Reason));
        Assert.Equal(2, done.Responses.Count);
    }

    [Fact]
    public void An_index_outside_the_inputs_is_refused()
    {
        var result = new StowResultBuilder(Inputs(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => result.Stored(2, new StowStoredInstance("1.2", "1.2.3", null, null, "x")));
        Assert.Throws<ArgumentOutOfRangeException>(() => result.NotSent(-1, "why"));
        Assert.Throws<ArgumentNullException>(() => new StowResultBuilder(null!));
    }

    private sealed class SynchronousProgress(Action<StowProgress> report) : IProgress<StowProgress>
    {
        public void Report(StowProgress value) => report(value);
    }
}

using DicomWeb.Client;
using DicomWeb.Server.Http;
using Microsoft.AspNetCore.Http;

namespace DicomWeb.Server.Store;

/// <summary>
/// What a STOW-RS request did, instance by instance, and its answer (PS3.18 10.5.3, Annex I): the
/// Store Instances Response Module as DICOM JSON, with 200 when every instance was stored, 202
/// when some were (or were stored with warnings), 409 when none was.
/// </summary>
internal sealed class StowOutcome
{
    /// <summary>Processing failure (PS3.4 Table B.2-1): the store failed for a reason of its own.</summary>
    public const ushort ProcessingFailure = StowFailureReasons.ProcessingFailure;

    /// <summary>Cannot understand: a part that is not a DICOM instance, a data set its bulk data parts do not complete.</summary>
    public const ushort CannotUnderstand = StowFailureReasons.CannotUnderstand;

    private readonly List<StowStoredInstance> _stored = [];
    private readonly List<StowFailedInstance> _failed = [];
    private readonly List<ushort> _otherFailures = [];

    public int Count => _stored.Count + _failed.Count + _otherFailures.Count;

    public void Add(StowResult result)
    {
        _stored.AddRange(result.Stored);
        foreach (StowFailedInstance failed in result.Failed.Concat(result.OtherFailures))
        {
            if (failed.SopInstanceUid is null)
                _otherFailures.Add((ushort)(failed.FailureReason ?? CannotUnderstand));
            else
                _failed.Add(failed);
        }
        foreach (StowNotSentInstance notSent in result.NotSent)
            _otherFailures.Add(ProcessingFailure);
    }

    public void Fail(string? sopClassUid, string? sopInstanceUid, ushort reason, string why)
    {
        if (sopInstanceUid is null)
            _otherFailures.Add(reason);
        else
            _failed.Add(new StowFailedInstance(sopClassUid, sopInstanceUid, reason, why, null, null));
    }

    /// <summary>The status PS3.18 Table 10.5.3-1 gives this outcome.</summary>
    public int Status =>
        _stored.Count == 0 ? StatusCodes.Status409Conflict
        : _failed.Count > 0 || _otherFailures.Count > 0 || _stored.Any(s => s.WarningReason is not null) ? StatusCodes.Status202Accepted
        : StatusCodes.Status200OK;

    /// <summary>The response data set, URLs made this server's.</summary>
    public DicomDataset ToDataset(DicomWebOrigin origin, string root, string? study)
    {
        var response = new DicomDataset();
        // The study's RetrieveURL (Table I.1-1): the study the request named, or the one every stored instance is of.
        string? studyUrl = study is not null ? $"{root}studies/{study}" : CommonStudy(origin, root);
        if (studyUrl is not null)
            response.Set(DicomTags.RetrieveURL, studyUrl);
        if (_failed.Count > 0)
        {
            response.Set(DicomTags.FailedSOPSequence, [.. _failed.Select(f => Item(f.SopClassUid, f.SopInstanceUid!)
                .Set(DicomTags.FailureReason, (ushort)(f.FailureReason ?? ProcessingFailure)))]);
        }
        if (_stored.Count > 0)
        {
            response.Set(DicomTags.ReferencedSOPSequence, [.. _stored.Select(s =>
            {
                DicomDataset item = Item(s.SopClassUid, s.SopInstanceUid);
                if (s.RetrieveUrl is Uri url)
                    item.Set(DicomTags.RetrieveURL, origin.ToPublic(url.AbsoluteUri, root));
                if (s.WarningReason is int warning)
                    item.Set(DicomTags.WarningReason, (ushort)warning);
                return item;
            })]);
        }
        if (_otherFailures.Count > 0)
            response.Set(DicomTags.OtherFailuresSequence, [.. _otherFailures.Select(code => new DicomDataset().Set(DicomTags.FailureReason, code))]);
        return response;
    }

    private static DicomDataset Item(string? sopClassUid, string sopInstanceUid)
    {
        var item = new DicomDataset();
        if (DicomUid.IsValid(sopClassUid))
            item.Set(DicomTags.ReferencedSOPClassUID, sopClassUid!);
        else
            item.SetEmpty(DicomTags.ReferencedSOPClassUID);
        return item.Set(DicomTags.ReferencedSOPInstanceUID, sopInstanceUid);
    }

    // The study of the stored instances' RetrieveURLs ("{root}studies/{uid}/series/..."), when they share one.
    private string? CommonStudy(DicomWebOrigin origin, string root)
    {
        var studies = new HashSet<string>();
        foreach (StowStoredInstance stored in _stored)
        {
            string? url = stored.RetrieveUrl is Uri u ? origin.ToPublic(u.AbsoluteUri, root) : null;
            if (url is null || !url.StartsWith(root + "studies/", StringComparison.Ordinal))
                return null;
            studies.Add(url[(root.Length + "studies/".Length)..].Split('/')[0]);
        }
        return studies.Count == 1 ? $"{root}studies/{studies.First()}" : null;
    }
}

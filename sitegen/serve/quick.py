"""The quick path: edits to existing credentials shown at once, before the full rebuild. Each edited file is
read and checked again on its own, and only its page is planned and rendered, into the served folder."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from sitegen.build import Live
from sitegen.errors import ContentErrors
from sitegen.outputlock import OutputBusy, OutputLock
from sitegen.plan import credential_page
from sitegen.plan.common import Context
from sitegen.render import Renderer
from sitegen.serve.gate import SiteGate
from sitegen.urls import output_file
from sitegen.validate.catalog import reload_credential


def show_edited_credentials(live: Live, renderer: Renderer, changed: Sequence[str], output: Path,
                            gate: SiteGate) -> Live | None:
    """The pages of the edited credentials in `changed` rewritten in `output`, and the live state with the
    edits; None (nothing written) when an edit could affect another file's validity or which rules select the
    credential (see `reload_credential`), or a page is not there yet: the full rebuild decides then."""
    try:
        edited = []
        for path in dict.fromkeys(changed):
            credential = reload_credential(live.catalog, Path(path))
            if credential is None:
                return None
            edited.append(credential)
        catalog = replace(live.catalog, credentials={**live.catalog.credentials, **{c.id: c for c in edited}})
        ctx = Context(catalog, live.markdown)
        pages = [credential_page(ctx, live.index, credential) for credential in edited]
        rendered = [(output_file(page.url), renderer.render_page(page, live.site)) for page in pages]
        lock = OutputLock(output)
        lock.acquire(wait=False)  # a `sitegen build` is writing the folder: the full rebuild waits for it
        with lock, gate.building():
            for rel, body in rendered:
                target = output / rel
                if not target.is_file():
                    return None
                temporary = target.with_name(f".{target.name}.sitegen-quick")
                temporary.write_bytes(body)
                os.replace(temporary, target)
    except (ContentErrors, OSError, OutputBusy):
        return None
    return replace(live, catalog=catalog)

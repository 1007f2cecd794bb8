"""A coordinator brings a spreadsheet of milestones in, publishes an initiative, and takes a report out."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from proposals.models import Milestone

from .conftest import login


def test_coordinator_imports_milestones_publishes_and_downloads_the_report(page: Page, world, tmp_path, new_context):
    sheet = tmp_path / "commitments.csv"
    sheet.write_text(
        "\ufeffkey,initiative,title,due_date,weight,owner\n"
        f"SW-1,{world.initiative.slug},스왑 한도 검토,2027-03-31,2,member.park\n"
        f"SW-2,{world.initiative.slug},スワップ枠の協議,2027-04-30,1,member.tanaka\n",
        encoding="utf-8",
    )
    login(page, "coord.kim")
    page.goto(f"/groups/{world.group.slug}/")
    page.get_by_role("link", name="Import milestones").click()
    page.get_by_label("Spreadsheet").set_input_files(str(sheet))
    page.get_by_role("button", name="Preview import").click()
    expect(page.locator("main")).to_contain_text("2 to add")
    assert not Milestone.objects.filter(import_key__startswith="SW-").exists(), "the preview writes nothing"
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator(".message.success")).to_contain_text("2 added")
    assert set(Milestone.objects.filter(import_key__startswith="SW-").values_list("title", flat=True)) == {
        "스왑 한도 검토",
        "スワップ枠の協議",
    }

    page.goto(world.initiative.get_absolute_url())
    page.get_by_role("button", name="Publish as open data").click()
    expect(page.locator(".message.success")).to_be_visible()
    visitor = new_context().new_page()  # signed out
    visitor.goto("/open-data/")
    expect(visitor.locator("main")).to_contain_text(world.initiative.title)
    expect(visitor.locator("main")).not_to_contain_text(world.restricted.title)
    visitor.context.close()

    page.goto(f"/reports/status/?group={world.group.slug}")
    expect(page.locator("main")).to_contain_text(world.initiative.title)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert download.value.path().read_bytes().startswith(b"%PDF")

#!/usr/bin/env python3
"""Regenerates src/OpenEcs.Core/Catalog/catalog.json from the public reference data in ../shared/reference.

Plans captured from the production API win; plans only in the public CSV catalog are added with the CSV's sizes and
prices (their disk size is not published there, so it is estimated from the vCPU count). The billing section holds the
discounts, support fees and storage prices that consumption is billed with."""
import csv, json, sys, uuid, pathlib

ref = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference")
out = pathlib.Path(__file__).resolve().parent.parent / "src/OpenEcs.Core/Catalog/catalog.json"

regions = [r for r in json.load(open(ref / "real-responses/regions_fetch_response.json"))["regions"]]
plans = []
for p in json.load(open(ref / "real-responses/plans_fetch_response.json"))["plans"]:
    plans.append({
        "id": p["id"], "name": p["name"], "cpu": int(p["cpu"]), "ram_mb": int(p["ram"]), "disk_gb": int(p["disk"]),
        "gpu": int(p["gpu"]), "gpu_label": p["gpu_label"], "hourly_price": p["hourly_price"],
        "monthly_price": p["montly_price"], "windows": p["windows"], "host_type": p["host_type"],
        "regions": [r["location"] for r in p["available_regions"]],
    })
known = {p["name"].lower() for p in plans}
next_id = 60
for r in csv.DictReader(open(ref / "plans-catalog-v9.csv")):
    name = r["InstanceType"]
    if name.lower() in known:
        continue
    known.add(name.lower())
    cpu, gpus = int(r["vCPUs"]), int(r["AcceleratorCount"] or 0)
    region_list = sorted({x["Region"] for x in csv.DictReader(open(ref / "plans-catalog-v9.csv"))
                          if x["InstanceType"] == name and x["Region"]}) or ["it-fr2"]
    hourly = float(r["Price"])
    plans.append({
        "id": next_id, "name": name, "cpu": cpu, "ram_mb": int(float(r["MemoryGiB"]) * 1024), "disk_gb": cpu * 50,
        "gpu": gpus, "gpu_label": r["AcceleratorName"] or None, "hourly_price": hourly,
        "monthly_price": float(round(hourly * 720)), "windows": name.upper().endswith("W"),
        "host_type": ("ECSGPU" if gpus else "ECS"), "regions": region_list,
    })
    next_id += 1

def image(i, cloud=False):
    return {"id": i["id"], "name": i["name"], "description": i["description"], "notes": i.get("notes", ""),
            "so_base": i["so_base"], "version": i["version"], "required_disk": i.get("required_disk", 20),
            "api_version_value": int(i["api_version"].lstrip("v")), "cloud_image": cloud,
            "creation_date": i["creation_date"], "uuid": i["uuid"]}

images = [image(i) for i in json.load(open(ref / "real-responses/images_fetch_response.json"))["images"]]
def extra(id_, name, desc, base, version, created, cloud=False, notes=""):
    return {"id": id_, "name": name, "description": desc, "notes": notes, "so_base": base, "version": version,
            "required_disk": 20, "api_version_value": 5 if not cloud else 4, "cloud_image": cloud,
            "creation_date": created, "uuid": str(uuid.uuid5(uuid.NAMESPACE_DNS, name + ".images.openecs"))}
images += [
    extra(1, "centos-7", "CentOS Linux 7", "centos", "7", "2019-04-16T13:37:41+00:00"),
    extra(590, "ubuntu-2204-nvidia-driver", "Ubuntu Linux 22.04 LTS with NVIDIA driver", "ubuntu", "2204", "2024-03-01T09:00:00+00:00"),
    extra(591, "ubuntu-2204-uefi-nvidia-driver", "Ubuntu Linux 22.04 LTS (UEFI) with NVIDIA driver", "ubuntu", "2204", "2024-03-01T09:00:00+00:00"),
    extra(40, "sci-gpu-seeweb-ai-ubuntu-2204", "Python AI Toolkit", "ubuntu", "2204", "2024-06-24T10:44:15.494000+00:00", True, "AI toolkit on Ubuntu Linux 22.04 LTS"),
    extra(41, "sci-gromacs-2022.2-ubuntu-2204", "Gromacs 2022.2", "ubuntu", "2204", "2024-06-24T10:44:41.206000+00:00", True, "Gromacs 2022.2 in docker on Ubuntu Linux 22.04 LTS"),
]
# What billing needs beyond plan prices. From the vendor docs: the offline discount (20 %) and two reserved-period
# discounts (6 months 15 %, 24 months 20 %). The 3- and 12-month discounts, the support fees and the storage prices are
# not published: they are OpenECS's defaults, for an operator's catalog to replace.
billing = {
    "currency": "EUR",
    "offline_discount": 20,
    "reserved_periods": [{"months": 3, "discount": 10}, {"months": 6, "discount": 15},
                         {"months": 12, "discount": 18}, {"months": 24, "discount": 20}],
    "support_levels": [
        {"code": "unmanaged", "title": "unmanaged", "weight": 0, "monthly_fee": 0.0, "days": 30, "orderable": True},
        {"code": "basic", "title": "basic", "weight": 1, "monthly_fee": 29.0, "days": 30, "orderable": True},
        {"code": "global", "title": "global", "weight": 2, "monthly_fee": 79.0, "days": 30, "orderable": True},
        # Arranged with the provider's offices, never through the API (the docs say so).
        {"code": "proactive", "title": "proactive", "weight": 3, "monthly_fee": 199.0, "days": 30, "orderable": False},
    ],
    # Per GiB of the image on disk and per hour: about 0.10 and 0.05 a GiB a month.
    "template_gib_hour": 0.00014,
    "snapshot_gib_hour": 0.00007,
}
out.write_text(json.dumps({"regions": regions, "plans": plans, "images": images, "billing": billing}, indent=1) + "\n")
print(f"{len(regions)} regions, {len(plans)} plans, {len(images)} images -> {out}")

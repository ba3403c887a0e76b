"""Word pools and the seeded prose writer behind the synthetic benchmark catalog."""

from __future__ import annotations

import random

TOPICS: tuple[str, ...] = (
    "literacy", "numeracy", "stem", "computer-science", "science", "mathematics", "social-studies",
    "civics", "english-learners", "special-education", "social-emotional-learning", "assessment",
    "feedback", "classroom-management", "culturally-responsive-teaching", "family-engagement",
    "instructional-coaching", "leadership", "equity", "digital-literacy", "project-based-learning",
    "inquiry", "early-childhood", "career-technical-education", "arts-integration", "physical-education",
    "health", "trauma-informed-practice", "restorative-practices", "data-literacy", "differentiation",
    "universal-design-for-learning", "collaboration", "reading-comprehension", "writing",
    "formative-assessment", "student-voice", "environmental-education", "mentoring", "blended-learning",
)

# The 50 states and DC: lower-case postal code and name.
STATES: tuple[tuple[str, str], ...] = (
    ("al", "Alabama"), ("ak", "Alaska"), ("az", "Arizona"), ("ar", "Arkansas"), ("ca", "California"),
    ("co", "Colorado"), ("ct", "Connecticut"), ("de", "Delaware"), ("dc", "District of Columbia"),
    ("fl", "Florida"), ("ga", "Georgia"), ("hi", "Hawaii"), ("id", "Idaho"), ("il", "Illinois"),
    ("in", "Indiana"), ("ia", "Iowa"), ("ks", "Kansas"), ("ky", "Kentucky"), ("la", "Louisiana"),
    ("me", "Maine"), ("md", "Maryland"), ("ma", "Massachusetts"), ("mi", "Michigan"), ("mn", "Minnesota"),
    ("ms", "Mississippi"), ("mo", "Missouri"), ("mt", "Montana"), ("ne", "Nebraska"), ("nv", "Nevada"),
    ("nh", "New Hampshire"), ("nj", "New Jersey"), ("nm", "New Mexico"), ("ny", "New York"),
    ("nc", "North Carolina"), ("nd", "North Dakota"), ("oh", "Ohio"), ("ok", "Oklahoma"), ("or", "Oregon"),
    ("pa", "Pennsylvania"), ("ri", "Rhode Island"), ("sc", "South Carolina"), ("sd", "South Dakota"),
    ("tn", "Tennessee"), ("tx", "Texas"), ("ut", "Utah"), ("vt", "Vermont"), ("va", "Virginia"),
    ("wa", "Washington"), ("wv", "West Virginia"), ("wi", "Wisconsin"), ("wy", "Wyoming"),
)

METHODS = (
    "Designing", "Facilitating", "Using", "Integrating", "Leading", "Building", "Supporting", "Scaffolding",
    "Assessing", "Planning", "Modeling", "Coaching", "Sustaining", "Launching", "Strengthening", "Teaching",
)
CONCEPTS = (
    "Student Discourse", "Feedback Loops", "Computational Thinking", "Academic Vocabulary", "Peer Assessment",
    "Number Talks", "Close Reading", "Argument Writing", "Morning Meetings", "Learning Targets",
    "Station Rotation", "Restorative Circles", "Data Conversations", "Family Partnerships",
    "Inquiry Cycles", "Self-Regulation Routines", "Visible Thinking", "Project Milestones",
    "Language Objectives", "Exit Tickets", "Flexible Grouping", "Co-Teaching", "Lab Notebooks",
    "Fluency Practice", "Math Modeling", "Student-Led Conferences", "Choice Boards", "Socratic Seminars",
)
CONTEXTS = (
    "in Elementary Math", "for English Learners", "Across Content Areas", "in Middle School Science",
    "in High School English", "for Students with Disabilities", "in Early Learning", "in Career Pathways",
    "in Rural Schools", "in Blended Classrooms", "for New Teachers", "in Social Studies",
)
SUBJECTS = (
    "The educator", "The candidate", "Each participant", "The coach", "A grade-level team",
    "The school leader", "Every teacher", "The mentor", "The instructional specialist",
)
VERBS = (
    "plans", "models", "designs", "documents", "analyzes", "adapts", "reflects on", "facilitates",
    "monitors", "explains", "revises", "compares", "shares", "aligns", "introduces", "sequences",
)
OBJECTS = (
    "short cycles of feedback", "a sequence of lessons", "student discourse routines",
    "evidence of student thinking", "clear success criteria", "the learning targets for the week",
    "questions that push for reasoning", "samples of student work", "a protocol for peer review",
    "routines for small-group practice", "the language demands of the task", "a plan for reteaching",
    "notes from classroom observations", "goals set with each student", "materials at several levels",
    "a rubric written with students", "the data from common assessments", "norms for collaboration",
)
SETTINGS = (
    "during small-group instruction", "across a four-week unit", "with families and caregivers",
    "so that every student can participate", "using the rubric criteria", "before the end of the term",
    "in partnership with a colleague", "while students work independently", "at the start of each lesson",
    "in a professional learning community", "with attention to student identity", "over several weeks",
)
REASONS = (
    "students learn more when they can see what quality work looks like",
    "timely feedback is one of the strongest levers on achievement",
    "shared routines free up attention for the content itself",
    "students who explain their thinking remember it longer",
    "families are partners in every student's progress",
    "small changes repeated daily add up over a school year",
    "evidence from the classroom keeps reflection honest",
)
PHRASES = (
    "Clear purpose", "Student ownership", "Visible progress", "Shared language", "Regular practice",
    "Honest reflection", "Careful pacing", "Equitable access", "Family voice", "Collective inquiry",
)
FIRST_NAMES = (
    "Avery", "Jordan", "Riley", "Morgan", "Casey", "Taylor", "Jamie", "Quinn", "Rowan", "Skyler",
    "Alex", "Sam", "Dana", "Emerson", "Harper", "Kai", "Logan", "Parker", "Reese", "Sage",
)
LAST_NAMES = (
    "Rivera", "Nguyen", "Patel", "Okafor", "Kim", "Garcia", "Johnson", "Lee", "Martinez", "Brown",
    "Chen", "Davis", "Lopez", "Wilson", "Anderson", "Thomas", "Moore", "Jackson", "White", "Clark",
)
PLACES = (
    "Maplewood", "Cedar Falls", "Riverside", "Lakeview", "Pine Ridge", "Fairmont", "Oak Grove",
    "Brookfield", "Sunnyvale", "Granite Bay", "Willow Creek", "Harbor City", "Stonebridge", "Eastport",
)

# sitegen prefixes heading ids with "h-" (sitegen/markdown.py); the Hugo site renders headings the same way.
ANCHOR_PREFIX = "h-"


def slugify(text: str) -> str:
    """A lower-case id from a phrase: letters and digits joined by single hyphens."""
    words = "".join(ch.lower() if ch.isalnum() else " " for ch in text).split()
    return "-".join(words)


class Prose:
    """Seeded sentences, paragraphs and credential bodies (Markdown with no raw HTML)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def title(self) -> tuple[str, str]:
        """A credential title and its central concept."""
        concept = self.rng.choice(CONCEPTS)
        return f"{self.rng.choice(METHODS)} {concept} {self.rng.choice(CONTEXTS)}", concept

    def sentence(self) -> str:
        choice = self.rng.choice
        if self.rng.random() < 0.2:
            return f"This matters because {choice(REASONS)}."
        return f"{choice(SUBJECTS)} {choice(VERBS)} {choice(OBJECTS)} {choice(SETTINGS)}."

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def research_link(self, concept: str) -> str:
        slug = slugify(concept)
        host = self.rng.choice(("www.example.org", "research.example.edu", "learning.example.net"))
        return f"https://{host}/briefs/{slug}-{self.rng.randrange(1, 400)}"

    def body(self, title: str, concept: str) -> str:
        """About 400 words: headings, paragraphs, an ordered and a bullet list, a table, links."""
        rng = self.rng
        lower = concept.lower()
        parts = [
            "## Overview",
            f"The micro-credential *{title}* recognizes educators who put {lower} to work. "
            + self.paragraph(4)
            + f" The [research brief on {lower}]({self.research_link(concept)}) summarizes the evidence.",
            "## Key method",
            self.paragraph(3),
            "\n".join(f"{n}. {self.sentence()}" for n in range(1, rng.randint(3, 5) + 1)),
            "## Method components",
            self.paragraph(3),
            self._table(),
            "\n".join(f"- **{rng.choice(PHRASES)}.** {self.sentence()}" for _ in range(rng.randint(3, 4))),
            f"See [the key method](#{ANCHOR_PREFIX}key-method) for the order in which these components "
            f"are introduced, and [the resources](#{ANCHOR_PREFIX}research-and-resources) for further reading.",
            "## Research and resources",
            self.paragraph(4),
            "\n".join(f"- [{rng.choice(PHRASES)} in practice]({self.research_link(concept)})"
                      for _ in range(3)),
        ]
        return "\n\n".join(parts) + "\n"

    def _table(self) -> str:
        rows = ["| Component | What the educator does | Evidence |", "| --- | --- | --- |"]
        for phrase in self.rng.sample(PHRASES, 3):
            rows.append(f"| {phrase} | {self.rng.choice(VERBS).capitalize()} {self.rng.choice(OBJECTS)} "
                        f"| {self.rng.choice(('Lesson plan', 'Student work', 'Video', 'Reflection'))} |")
        return "\n".join(rows)
